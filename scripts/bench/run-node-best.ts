import * as tf from '@tensorflow/tfjs';
import type { SubwordEmbeddingRecord } from '@shared/db/records/deep-model.ts';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { BEST_BENCH_VALIDATION_SHARE } from '@shared/split.ts';
import { scorePredictions } from '@shared/score-predictions.ts';
import { levelFigures } from '@shared/taxonomy/level-figures.ts';
import { featureCount } from '../../workers/text/feature-space.ts';
import { productText } from '../../workers/text/product-text.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { classifyProducts, linearLogits, loadClassifier } from '../../workers/classify/classify.ts';
import { timedPredictions } from './timed-predictions.ts';
import { splitRows } from '../../workers/train/train-job.ts';
import { fitDeepModel, DEFAULT_DEEP_RECIPE, type DeepRecipe } from '../../workers/deep/fit-deep.ts';
import type { EmbeddingStore } from '../../workers/deep/subword-embeddings.ts';
import { deepTextLogits, loadDeepModel } from '../../workers/deep/deep-model.ts';
import { argmaxRows } from '../../workers/model/predict.ts';
import type { BenchArgs } from './args.ts';
import { PeakMemory } from './memory.ts';
import { readCatalogue } from './read-catalogue.ts';
import { metricFields, type BenchResult } from './result.ts';
import { useNodeBackend } from './run-node.ts';

/** The default recipe, or one part changed to measure what it is worth. */
function recipeOf(args: BenchArgs): DeepRecipe {
  const base = DEFAULT_DEEP_RECIPE;
  return {
    ...base,
    shape: {
      ...base.shape,
      ...(args.deepArchitecture ? { architecture: args.deepArchitecture } : {}),
    },
    pretrain: args.noPretrain
      ? { ...base.pretrain, pretrain: { ...base.pretrain.pretrain, epochs: 0 } }
      : base.pretrain,
  };
}

/** Vectors kept in memory for the run: the node bench has no IndexedDB. */
function memoryStore(): EmbeddingStore {
  let record: SubwordEmbeddingRecord | undefined;
  return {
    read: async () => record,
    write: async (next) => void (record = next),
  };
}

const seconds = (ms: number) => Math.round(ms / 10) / 100;
const round4 = (x: number) => Math.round(x * 10000) / 10000;

/**
 * The "Best" preset with the worker's own functions: the linear model and the deep model train
 * on 90% of the train file, the mix is chosen on the other 10%, then the linear model is trained
 * again on the whole file (as Fast's is) and mixed at that weight; the test file is touched
 * once at the end. The subword vectors learn from the train file's texts (all of them), and
 * with `pretrainOnTestTexts` from the test file's texts too (never its labels), as the app
 * learns from every product of a catalogue, labelled or not.
 */
export async function benchBestInNode(args: BenchArgs, task: string): Promise<BenchResult> {
  const recipe = recipeOf(args);
  const backend = args.backend ?? 'wasm';
  await useNodeBackend(backend);
  const memory = new PeakMemory();
  const tensorsBefore = tf.memory().numTensors;
  const [trainRows, testRows] = await Promise.all([
    readCatalogue(args.train),
    readCatalogue(args.test),
  ]);

  const started = performance.now();
  const { labels, train, validation } = splitRows(trainRows, args.seed, {
    validation: BEST_BENCH_VALIDATION_SHARE,
    test: 0,
  });
  // The linear model trains exactly as the Fast preset does (a fixed 'auto' schedule).
  const fitted = await fitTextModel(undefined, {
    labels,
    train,
    validation: { texts: [], classes: [] },
    options: { ...DEFAULT_TRAIN_OPTIONS, seed: args.seed },
  });
  const linearMs = performance.now() - started;
  const linear = loadClassifier({
    id: 'bench',
    labels,
    space: fitted.space,
    weights: fitted.weights,
  });
  const linearValidation = await linearLogits(linear, validation.texts);
  const trainTexts = trainRows.map(productText);
  const testTexts = testRows.map(productText);
  const fitDeep = (pretrainTexts: readonly string[]) =>
    fitDeepModel(
      undefined,
      {
        datasetId: task,
        pretrainTexts,
        store: memoryStore(),
        labels,
        train,
        validation,
        linearValidationLogits: linearValidation,
        seed: args.seed,
        recipe,
      },
      () => undefined,
    );
  const pretrainTexts = args.pretrainOnTestTexts ? [...trainTexts, ...testTexts] : trainTexts;
  const deep = await fitDeep(pretrainTexts);
  // The mix is chosen; the linear model now learns from every row of the train file, as Fast's
  // does (on small catalogues the held-out tenth holds the only examples of rare categories).
  const refitStarted = performance.now();
  const final = args.noRefit
    ? fitted
    : await fitTextModel(undefined, {
        labels,
        train: {
          texts: [...train.texts, ...validation.texts],
          classes: [...train.classes, ...validation.classes],
        },
        validation: { texts: [], classes: [] },
        options: { ...DEFAULT_TRAIN_OPTIONS, seed: args.seed },
      });
  const refitMs = args.noRefit ? 0 : performance.now() - refitStarted;
  const trainSeconds = (performance.now() - started) / 1000;

  const classifier = loadClassifier({
    id: 'bench',
    labels,
    space: final.space,
    weights: final.weights,
    temperature: deep.chosen.temperature,
    deep: deep.stored,
  });
  const { ranked, perSecond } = await timedPredictions(classifier, testRows);
  const truth = testRows.map((row) => row.category);
  const predicted = ranked.map((top) => top[0]?.label ?? '');
  const metrics = scorePredictions(truth, predicted);
  // What each half does alone on the same test rows (reported, never used to choose anything).
  const partFigures = (scores: Float32Array): [number, number] => {
    const m = scorePredictions(
      truth,
      Array.from(argmaxRows(scores, labels.length), (c) => labels[c] ?? ''),
    );
    return [round4(m.accuracy), round4(m.macroF1)];
  };
  const deepAlone = await deepTextLogits(loadDeepModel(deep.stored), testTexts);
  const linearAlone = await linearLogits(
    loadClassifier({ id: 'bench', labels, space: final.space, weights: final.weights }),
    testTexts,
  );
  // The transductive case, with the same linear halves: vectors also learnt from the test texts.
  let transductive: NonNullable<BenchResult['best']>['transductive'];
  if (args.alsoPretrainOnTestTexts) {
    const variantStarted = performance.now();
    const variant = await fitDeep([...trainTexts, ...testTexts]);
    const variantMs = performance.now() - variantStarted;
    const top = await classifyProducts(
      loadClassifier({
        id: 'bench',
        labels,
        space: final.space,
        weights: final.weights,
        temperature: variant.chosen.temperature,
        deep: variant.stored,
      }),
      testRows,
      1,
    );
    transductive = {
      ...metricFields(
        scorePredictions(
          truth,
          top.map((t) => t[0]?.label ?? ''),
        ),
      ),
      train_s: seconds(linearMs + refitMs + variantMs),
      pretrain_s: seconds(variant.stored.pretrain.trainMs),
      deep_s: seconds(variant.stored.trainMs),
      pretrain_texts: trainTexts.length + testTexts.length,
      mix_weight: variant.stored.mix.weight,
      test_deep: partFigures(await deepTextLogits(loadDeepModel(variant.stored), testTexts)),
    };
  }
  const best = deep.chosen.tried.find((t) => t.weight === deep.stored.mix.weight);
  const linearOnly = deep.chosen.tried.find((t) => t.weight === 0);
  const deepOnly = deep.chosen.tried.find((t) => t.weight === 1);
  return {
    task,
    n_train: trainRows.length,
    n_test: testRows.length,
    ...metricFields(metrics),
    ...levelFigures(truth, predicted, args.separator),
    train_s: Math.round(trainSeconds * 100) / 100,
    predict_per_s: perSecond,
    backend: tf.getBackend(),
    runtime: 'node',
    peak_mem_mb: memory.stop(),
    epochs: final.history.length,
    features: featureCount(final.space),
    leaked_tensors: tf.memory().numTensors - tensorsBefore,
    preset: 'best',
    best: {
      linear_s: seconds(linearMs),
      refit_s: seconds(refitMs),
      pretrain_s: seconds(deep.stored.pretrain.trainMs),
      deep_s: seconds(deep.stored.trainMs),
      pretrain_texts: pretrainTexts.length,
      pretrain_on_test_texts: args.pretrainOnTestTexts,
      architecture: deep.stored.shape.architecture,
      pretrained: !args.noPretrain,
      units: deep.stored.unitHashes.length,
      mix_weight: deep.stored.mix.weight,
      validation_rows: validation.texts.length,
      test_parts: { linear: partFigures(linearAlone), deep: partFigures(deepAlone) },
      validation: {
        linear: linearOnly ? [linearOnly.accuracy, linearOnly.macroF1] : null,
        deep: deepOnly ? [deepOnly.accuracy, deepOnly.macroF1] : null,
        mixed: best ? [best.accuracy, best.macroF1] : null,
      },
      ...(transductive ? { transductive } : {}),
    },
  };
}
