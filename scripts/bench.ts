/**
 * Trains Shelfwise's text model on a train CSV and evaluates it on a test CSV.
 * The last line printed is one JSON object (see scripts/bench/result.ts).
 */
import { basename, dirname, resolve } from 'node:path';
import { parseBenchArgs } from './bench/args.ts';
import { benchInNode } from './bench/run-node.ts';
import { benchBestInNode } from './bench/run-node-best.ts';
import { benchInBrowser } from './bench/run-browser.ts';
import { benchImagesInBrowser, hasImages } from './bench/run-browser-images.ts';

try {
  const args = parseBenchArgs(process.argv.slice(2));
  const task = basename(dirname(resolve(args.train)));
  const photos = await hasImages(args.train);
  // Node has no image decoder: photo tasks run in Chromium, through the app's image worker.
  if (photos && args.runtime !== 'browser')
    throw new Error(
      'Photo tasks (an image column) need --runtime browser: Node cannot decode JPEG',
    );
  const result = photos
    ? await benchImagesInBrowser(args, task)
    : args.runtime === 'browser'
      ? await benchInBrowser(args, task)
      : args.preset === 'best'
        ? await benchBestInNode(args, task)
        : await benchInNode(args, task);
  console.log(JSON.stringify(result));
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
