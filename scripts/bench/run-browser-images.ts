import { openAsBlob } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import type {} from '../../src/app/test-api.ts';
import { previewCatalogue } from '../../workers/import/parse-catalogue.ts';
import type { BenchArgs } from './args.ts';
import { openAppPage } from './open-app-page.ts';
import { browserFields, type BenchResult } from './result.ts';
import { BENCH_BROWSER_OPTIONS, startPreview } from './run-browser.ts';

const PHOTO_ROUTE = '__bench_photos__';

/**
 * True when the catalogue's `role` column, as the import detects it, has a value in its first
 * row: read by the app's own parser, so quoted commas, TSV, a BOM or an `image_url` header are
 * what an import would make of them.
 */
async function hasColumn(csvPath: string, role: 'image' | 'title'): Promise<boolean> {
  const preview = await previewCatalogue(await openAsBlob(csvPath));
  const name = preview.mapping[role];
  const column = name ? preview.headers.indexOf(name) : -1;
  return column >= 0 && (preview.sample[0]?.[column] ?? '').trim() !== '';
}

/** A photo task: an image column with a value in the first row. */
export const hasImages = (csvPath: string) => hasColumn(csvPath, 'image');

/**
 * Serves each CSV's photos to the page under its own origin, read from paths relative to that
 * CSV, as a user's folder would provide them. BENCH_PROFILE keeps the browser profile (and so
 * the embedding cache) between runs.
 */
async function openContext(url: string, args: BenchArgs): Promise<BrowserContext> {
  const options = BENCH_BROWSER_OPTIONS;
  const context = process.env.BENCH_PROFILE
    ? await chromium.launchPersistentContext(resolve(process.env.BENCH_PROFILE), options)
    : await (await chromium.launch(options)).newContext();
  const roots = { train: dirname(resolve(args.train)), test: dirname(resolve(args.test)) };
  await context.route(`${url}${PHOTO_ROUTE}/**`, async (route) => {
    const [, part = '', encoded = ''] =
      new URL(route.request().url()).pathname.match(
        new RegExp(`/${PHOTO_ROUTE}/(train|test)/(.*)$`),
      ) ?? [];
    const root = roots[part as 'train' | 'test'];
    try {
      const body = await readFile(resolve(root, decodeURIComponent(encoded)));
      await route.fulfill({ status: 200, body, contentType: 'image/jpeg' });
    } catch {
      await route.fulfill({ status: 404, body: '' });
    }
  });
  return context;
}

/** Runs a photo benchmark in Chromium through the app's image worker (src/benchmark/image-benchmark.ts). */
export async function benchImagesInBrowser(args: BenchArgs, task: string): Promise<BenchResult> {
  const [trainCsv, testCsv] = await Promise.all([
    readFile(args.train, 'utf8'),
    readFile(args.test, 'utf8'),
  ]);
  const { url, server } = await startPreview();
  const context = await openContext(url, args);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const backend = args.backend ?? 'wasm';
    const memory = await openAppPage(page, url, backend);
    const result = await page.evaluate(
      (request) => {
        if (!window.shelfwise) throw new Error('the app did not expose its benchmark hook');
        return window.shelfwise.imageBenchmark(request);
      },
      {
        trainCsv,
        testCsv,
        trainPhotos: `${url}${PHOTO_ROUTE}/train/`,
        testPhotos: `${url}${PHOTO_ROUTE}/test/`,
        seed: args.seed,
        backbone: args.backbone,
        kind: 'image' as const,
        hidden: args.hidden,
        augmentViews: args.augment,
        views: args.views,
        fineTune: args.fineTune,
        ...(args.fineTuneEpochs ? { fineTuneEpochs: args.fineTuneEpochs } : {}),
        // Titles with photos (the paired task): text-only, photo-only and fused in one run.
        fusion: await hasColumn(args.train, 'title'),
        timeBackends: (process.env.BENCH_TIME_BACKENDS ?? 'wasm,webgl,webgpu,cpu')
          .split(',')
          .filter(Boolean) as ('wasm' | 'webgl' | 'webgpu' | 'cpu')[],
        dump: Boolean(process.env.BENCH_DUMP),
      },
    );
    // BENCH_DUMP=<file.json>: the embeddings, for trying heads offline (never the reported run).
    if (process.env.BENCH_DUMP && result.dump)
      await writeFile(process.env.BENCH_DUMP, JSON.stringify(result.dump));
    return {
      task,
      ...browserFields(result),
      peak_mem_mb: memory.stop(),
      features: 0,
      backbone: args.backbone,
      head: args.fineTune
        ? 'fine-tuned top + linear'
        : args.hidden
          ? `mlp-${args.hidden}`
          : 'linear',
      augment_views: args.augment,
      views: args.views,
      photo_ms_by_backend: result.photo_ms_by_backend as Record<string, number | string>,
      ...(result.fine_tune ? { fine_tune: result.fine_tune } : {}),
      ...(result.parts ? { parts: result.parts } : {}),
      embed_s: Math.round(result.embed_s * 10) / 10,
      embed_ms_per_image:
        result.embed_ms_per_image === null ? null : Math.round(result.embed_ms_per_image * 10) / 10,
      embed_ms_by_backend: result.embed_ms_by_backend as Record<string, number | string>,
      problems: result.problems,
    };
  } finally {
    await context.close();
    await context.browser()?.close();
    if (server.pid) process.kill(-server.pid);
  }
}
