import { BACKEND_NAMES, type BackendName } from '@shared/contracts/jobs.ts';
import { TEXT_PRESETS, type TextPreset } from '@shared/contracts/train.ts';
import type { DeepArchitecture } from '@shared/db/records/deep-model.ts';
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
  /** Text tasks: 'fast' (the linear model) or 'best' (linear + deep, mixed). */
  preset: TextPreset;
  /** "Best": learn the subword vectors from the test file's texts too (never its labels). */
  pretrainOnTestTexts: boolean;
  /** Ablations of "Best": another network, or no pretraining (random starting vectors). */
  deepArchitecture: DeepArchitecture | null;
  noPretrain: boolean;
  /** Keep the linear model of the 90% the mix was chosen with (no second training). */
  noRefit: boolean;
  /** Also report the transductive case, reusing the run's linear halves (bench:all). */
  alsoPretrainOnTestTexts: boolean;
  /** Views learnt from and averaged: the mirror with --flips, the whole photo with --whole. */
  views: PhotoView[];
  fineTune: boolean;
  fineTuneEpochs: number | null;
}

const USAGE =
  'usage: npm run -s bench -- --train <train.csv> --test <test.csv> [--runtime node|browser] [--backend webgpu|webgl|wasm|cpu] [--seed N] [--separator " > "] [--preset fast|best [--pretrain-on-test-texts] [--no-pretrain] [--no-refit] [--also-pretrain-on-test-texts] [--deep-architecture cnn|bag|gru|attention]] [--backbone mobilenet_v1_0.75_224|mobilenet_v2_0.35_224|mobilenet_v1_0.75_160|mobilenet_v2_0.35_160] [--hidden N] [--augment N] [--flips 0|1] [--whole 0|1] [--fine-tune 0|1] [--fine-tune-epochs N]';
const BACKBONES = [
  'mobilenet_v2_0.35_224',
  'mobilenet_v1_0.75_224',
  'mobilenet_v1_0.75_160',
  'mobilenet_v2_0.35_160',
] as const;

/** Flags that take no value. */
const TRANSDUCTIVE_FLAG = '--pretrain-on-test-texts';
const NO_PRETRAIN_FLAG = '--no-pretrain';
const NO_REFIT_FLAG = '--no-refit';
const ALSO_TRANSDUCTIVE_FLAG = '--also-pretrain-on-test-texts';
const ARCHITECTURES: readonly DeepArchitecture[] = ['cnn', 'bag', 'gru', 'attention'];

export function parseBenchArgs(all: readonly string[]): BenchArgs {
  const pretrainOnTestTexts = all.includes(TRANSDUCTIVE_FLAG);
  const noPretrain = all.includes(NO_PRETRAIN_FLAG);
  const noRefit = all.includes(NO_REFIT_FLAG);
  const alsoPretrainOnTestTexts = all.includes(ALSO_TRANSDUCTIVE_FLAG);
  const flags = [TRANSDUCTIVE_FLAG, NO_PRETRAIN_FLAG, NO_REFIT_FLAG, ALSO_TRANSDUCTIVE_FLAG];
  const argv = all.filter((arg) => !flags.includes(arg));
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
  const preset = (values.get('preset') ?? 'fast') as TextPreset;
  if (!TEXT_PRESETS.includes(preset)) throw new Error(`${USAGE}\n--preset must be fast or best`);
  const deepArchitecture = (values.get('deep-architecture') ?? null) as DeepArchitecture | null;
  if (deepArchitecture && !ARCHITECTURES.includes(deepArchitecture))
    throw new Error(`${USAGE}\n--deep-architecture must be one of ${ARCHITECTURES.join(', ')}`);
  if (
    (pretrainOnTestTexts || noPretrain || noRefit || alsoPretrainOnTestTexts || deepArchitecture) &&
    preset !== 'best'
  )
    throw new Error(`${USAGE}\n${flags.join(', ')} and --deep-architecture need --preset best`);
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
    preset,
    pretrainOnTestTexts,
    deepArchitecture,
    noPretrain,
    noRefit,
    alsoPretrainOnTestTexts,
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
