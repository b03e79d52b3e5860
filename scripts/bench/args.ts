import { BACKEND_NAMES, type BackendName } from '@shared/contracts/jobs.ts';
import { DEFAULT_PHOTO_RECIPE, recipeViews } from '@shared/photo-recipe.ts';
import type { PhotoView } from '@shared/db/records/image.ts';

export type Runtime = 'node' | 'browser';

export interface BenchArgs {
  train: string;
  test: string;
  runtime: Runtime;
  backend: BackendName | null;
  seed: number;
  /** Splits category paths into levels for `level_acc`; detected when absent. */
  separator?: string;
  /** Photo tasks (an `image` column): backbone, head hidden units, augmented views. */
  backbone: (typeof BACKBONES)[number];
  hidden: number;
  augment: number;
  /** Views learnt from and averaged: the mirror with --flips, the whole photo with --whole. */
  views: PhotoView[];
  fineTune: boolean;
  fineTuneEpochs: number | null;
}

const USAGE =
  'usage: npm run -s bench -- --train <train.csv> --test <test.csv> [--runtime node|browser] [--backend webgpu|webgl|wasm|cpu] [--seed N] [--separator " > "] [--backbone mobilenet_v1_0.75_224|mobilenet_v2_0.35_224|mobilenet_v1_0.75_160|mobilenet_v2_0.35_160] [--hidden N] [--augment N] [--flips 0|1] [--whole 0|1] [--fine-tune 0|1] [--fine-tune-epochs N]';
const BACKBONES = [
  'mobilenet_v2_0.35_224',
  'mobilenet_v1_0.75_224',
  'mobilenet_v1_0.75_160',
  'mobilenet_v2_0.35_160',
] as const;

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
  const backbone = (values.get('backbone') ??
    DEFAULT_PHOTO_RECIPE.backbone) as BenchArgs['backbone'];
  if (!BACKBONES.includes(backbone)) throw new Error(`${USAGE}\nunknown backbone "${backbone}"`);
  const hidden = Number(values.get('hidden') ?? 0);
  const augment = Number(values.get('augment') ?? 0);
  if (!Number.isInteger(hidden) || !Number.isInteger(augment) || hidden < 0 || augment < 0)
    throw new Error(`${USAGE}\n--hidden and --augment must be whole numbers`);
  const flag = (name: string, fallback: boolean) => {
    const value = values.get(name);
    if (value === undefined) return fallback;
    if (value !== '0' && value !== '1') throw new Error(`${USAGE}\n--${name} must be 0 or 1`);
    return value === '1';
  };
  const fineTune = flag('fine-tune', DEFAULT_PHOTO_RECIPE.fineTune);
  const epochsValue = values.get('fine-tune-epochs');
  const fineTuneEpochs = epochsValue === undefined ? null : Number(epochsValue);
  if (fineTuneEpochs !== null && (!Number.isInteger(fineTuneEpochs) || fineTuneEpochs < 1))
    throw new Error(`${USAGE}\n--fine-tune-epochs must be a whole number above 0`);
  return {
    train,
    test,
    runtime,
    backend,
    seed,
    separator: values.get('separator'),
    backbone,
    hidden,
    augment,
    views: recipeViews(
      flag('flips', DEFAULT_PHOTO_RECIPE.views.includes('mirror')),
      flag('whole', DEFAULT_PHOTO_RECIPE.views.includes('whole')),
    ),
    fineTune,
    fineTuneEpochs,
  };
}
