/**
 * For each task: the validation split of its train file as CSVs (for the SVM peer), and the
 * linear model trained on the rest with its validation scores cached.
 * npx tsx scripts/research/prepare.ts [task...]
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_TRAIN_OPTIONS } from '@shared/contracts/train.ts';
import { fitTextModel } from '../../workers/train/fit-text-model.ts';
import { loadClassifier } from '../../workers/classify/classify.ts';
import { predictLogits } from '../../workers/model/predict.ts';
import { useNodeBackend } from '../bench/run-node.ts';
import { appendResult, loadSplit, saveFloats, score, TASKS, taskDir } from './common.ts';
import type { LabelledTexts } from '../../workers/train/fit-text-model.ts';

function csvCell(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

async function writeCsv(path: string, part: LabelledTexts, labels: readonly string[]) {
  const lines = ['id,title,description,category,image'];
  part.texts.forEach((text, i) => {
    lines.push(`${i},${csvCell(text)},,${csvCell(labels[part.classes[i] as number] as string)},`);
  });
  await writeFile(path, lines.join('\n') + '\n');
}

await useNodeBackend('wasm');
const tasks = process.argv.slice(2).length ? process.argv.slice(2) : [...TASKS];
for (const task of tasks) {
  const split = await loadSplit(task);
  const dir = taskDir(task);
  await mkdir(dir, { recursive: true });
  await writeCsv(join(dir, 'fit.csv'), split.fit, split.labels);
  await writeCsv(join(dir, 'val.csv'), split.val, split.labels);
  const started = performance.now();
  const fitted = await fitTextModel(undefined, {
    labels: split.labels,
    train: split.fit,
    validation: { texts: [], classes: [] },
    options: { ...DEFAULT_TRAIN_OPTIONS },
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const classifier = loadClassifier({
    id: 'r',
    labels: split.labels,
    space: fitted.space,
    weights: fitted.weights,
  });
  const rows = split.val.texts.map((t) => classifier.index.vectorize(t));
  const logits = await predictLogits(classifier.model, rows);
  await saveFloats(join(dir, 'linear-val.f32'), logits);
  await appendResult('prepare', {
    task,
    fit: split.fit.texts.length,
    val: split.val.texts.length,
    classes: split.labels.length,
    linear: score(split.val.classes, logits, split.labels),
    train_s: Math.round(trainSeconds * 10) / 10,
  });
}
