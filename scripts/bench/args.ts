import { BACKEND_NAMES, type BackendName } from '../../src/shared/model-types.ts';

export type Runtime = 'node' | 'browser';

export interface BenchArgs {
  train: string;
  test: string;
  runtime: Runtime;
  backend: BackendName | null;
  seed: number;
  /** Splits category paths into levels for `level_acc`; detected when absent. */
  separator?: string;
}

const USAGE =
  'usage: npm run -s bench -- --train <train.csv> --test <test.csv> [--runtime node|browser] [--backend webgpu|webgl|wasm|cpu] [--seed N] [--separator " > "]';

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i] ?? '';
    const value = argv[i + 1];
    if (!key.startsWith('--') || value === undefined)
      throw new Error(`${USAGE}\nunexpected argument "${key}"`);
    values.set(key.slice(2), value);
  }
  const train = values.get('train');
  const test = values.get('test');
  if (!train || !test) throw new Error(USAGE);
  const runtime = (values.get('runtime') ?? 'node') as Runtime;
  if (runtime !== 'node' && runtime !== 'browser')
    throw new Error(`${USAGE}\n--runtime must be node or browser`);
  const backendValue = values.get('backend');
  const backend = backendValue ? (BACKEND_NAMES.find((b) => b === backendValue) ?? null) : null;
  if (backendValue && !backend) throw new Error(`${USAGE}\nunknown backend "${backendValue}"`);
  const seed = Number(values.get('seed') ?? 42);
  if (!Number.isInteger(seed)) throw new Error(`${USAGE}\n--seed must be an integer`);
  return { train, test, runtime, backend, seed, separator: values.get('separator') };
}
