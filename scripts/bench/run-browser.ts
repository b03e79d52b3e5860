import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type {} from '../../src/app/test-api.ts';
import type { BenchArgs } from './args.ts';
import { openAppPage } from './open-app-page.ts';
import { browserFields, type BenchResult } from './result.ts';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Debian's Chromium with a software WebGPU adapter, as the end-to-end tests launch it. */
export const BENCH_BROWSER_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--enable-unsafe-webgpu'],
};

export const launchBenchBrowser = (): Promise<Browser> => chromium.launch(BENCH_BROWSER_OPTIONS);

export async function startPreview(): Promise<{ url: string; server: ChildProcess }> {
  if (!existsSync('dist/index.html')) {
    const build = spawnSync('npx', ['vite', 'build'], { stdio: 'ignore' });
    if (build.status !== 0) throw new Error('vite build failed: run `npm run build` to see why');
  }
  // BENCH_PORT pins the port, so runs beside other checkouts' servers stay predictable.
  const port = Number(process.env.BENCH_PORT ?? 0) || (await freePort());
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  const url = `http://localhost:${port}/`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if ((await fetch(url)).ok) return { url, server };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`vite preview did not answer on ${url}`);
}

/** Runs the benchmark inside Chromium through the app's real workers (see src/benchmark/benchmark.ts). */
export async function benchInBrowser(args: BenchArgs, task: string): Promise<BenchResult> {
  const [trainCsv, testCsv] = await Promise.all([
    readFile(args.train, 'utf8'),
    readFile(args.test, 'utf8'),
  ]);
  const { url, server } = await startPreview();
  const browser = await launchBenchBrowser();
  try {
    const page = await browser.newPage();
    const memory = await openAppPage(page, url, args.backend);
    const result = await page.evaluate(
      (request) => {
        if (!window.shelfwise) throw new Error('the app did not expose its benchmark hook');
        return window.shelfwise.benchmark(request);
      },
      { trainCsv, testCsv, seed: args.seed },
    );
    return {
      task,
      ...browserFields(result),
      peak_mem_mb: memory.stop(),
      features: result.features,
    };
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}
