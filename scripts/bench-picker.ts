/**
 * How long the taxonomy picker takes per keystroke with Shopify's 10,281 categories, in
 * Chromium through the real UI: from each keydown to the next painted frame (the search, the
 * React render of the virtualised list, layout and paint). Also times the search function
 * alone in Node. Prints one JSON line.
 * usage: npx tsx scripts/bench-picker.ts   (builds dist/ first when it is missing)
 */
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startPreview } from './bench/run-browser.ts';
import { showScreen } from './bench/open-app-page.ts';
import { parseTaxonomyFile } from '@shared/taxonomy/standard-taxonomy.ts';
import { buildSearchIndex, searchTaxonomy } from '@shared/taxonomy/taxonomy-search.ts';

const QUERIES = [
  't-shirts',
  'women dress',
  'garden hose',
  '运动鞋',
  '连衣裙',
  'bicycle helmet',
  'flip flop',
  'kurtas',
];

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    keystrokes: sorted.length,
    median_ms: round(at(0.5)),
    p95_ms: round(at(0.95)),
    max_ms: round(sorted[sorted.length - 1] ?? 0),
  };
}

function searchInNode() {
  const file = JSON.parse(readFileSync('public/taxonomies/shopify.json', 'utf8'));
  const taxonomy = parseTaxonomyFile(file);
  const index = buildSearchIndex(taxonomy.tree, [taxonomy.names['zh-CN'] ?? []]);
  const times: number[] = [];
  for (let round = 0; round < 5; round++)
    for (const query of QUERIES)
      for (let i = 1; i <= query.length; i++) {
        const started = performance.now();
        searchTaxonomy(index, query.slice(0, i));
        times.push(performance.now() - started);
      }
  return { nodes: taxonomy.tree.nodes.length, ...summary(times) };
}

async function typeInBrowser() {
  const { url, server } = await startPreview();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${url}?backend=wasm#/import`);
    await page.getByRole('button', { name: 'Try the demo catalogue' }).click();
    await page.getByTestId('next-train').first().waitFor({ timeout: 180_000 });
    await showScreen(page, 'taxonomy');
    await page.getByLabel('Standard taxonomy').selectOption('shopify');
    const picker = page.getByRole('combobox', { name: /^Standard category for / }).first();
    await picker.waitFor({ timeout: 180_000 });
    await page.evaluate(() => {
      const times: number[] = [];
      (window as unknown as { keystrokeTimes: number[] }).keystrokeTimes = times;
      document.addEventListener(
        'keydown',
        () => {
          const started = performance.now();
          // rAF runs before the frame is painted; the task after it runs once it has been.
          requestAnimationFrame(() => setTimeout(() => times.push(performance.now() - started)));
        },
        true,
      );
    });
    for (const query of QUERIES) {
      await picker.focus();
      await picker.fill('');
      await picker.pressSequentially(query, { delay: 60 });
      await page.waitForTimeout(200);
    }
    const times = await page.evaluate(
      () => (window as unknown as { keystrokeTimes: number[] }).keystrokeTimes,
    );
    const options = await page.getByRole('option').count();
    return { rendered_options: options, ...summary(times) };
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}

const node = searchInNode();
const browser = await typeInBrowser();
console.log(
  JSON.stringify({
    taxonomy: 'shopify',
    queries: QUERIES,
    search_only_node: node,
    keystroke_to_paint_chromium: browser,
  }),
);
process.exit(0);
