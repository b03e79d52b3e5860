/**
 * Trains Shelfwise's text model on a train CSV and evaluates it on a test CSV.
 * The last line printed is one JSON object (see scripts/bench/result.ts).
 */
import { basename, dirname, resolve } from 'node:path';
import { parseBenchArgs } from './bench/args.ts';
import { benchInNode } from './bench/run-node.ts';
import { benchInBrowser } from './bench/run-browser.ts';

try {
  const args = parseBenchArgs(process.argv.slice(2));
  const task = basename(dirname(resolve(args.train)));
  const result =
    args.runtime === 'browser' ? await benchInBrowser(args, task) : await benchInNode(args, task);
  console.log(JSON.stringify(result));
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
