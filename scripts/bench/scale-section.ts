export const SCALE_START = '<!-- scale: written by npm run bench:scale -->';
export const SCALE_END = '<!-- end of scale -->';

/** One measured step of the scale benchmark. */
export interface ScaleStep {
  step: string;
  /** 0 where a rate means nothing (scrolling). */
  rows: number;
  seconds: number;
  /** Peak JS heap of the page and its workers during the step, MiB (none outside the browser). */
  heapMb?: number;
  /** Peak resident memory of the whole browser (every process), MiB (none outside the browser). */
  browserMb?: number;
  note?: string;
}

export function scaleSection(
  steps: readonly ScaleStep[],
  intro: readonly string[],
  notes: readonly string[],
): string {
  const rows = steps.map(
    (s) =>
      `| ${s.step} | ${s.rows ? s.rows.toLocaleString('en-US') : '—'} | ${s.seconds.toFixed(1)} | ${s.rows ? Math.round(s.rows / s.seconds).toLocaleString('en-US') : '—'} | ${s.heapMb ?? '—'} | ${s.browserMb ?? '—'} | ${s.note ?? ''} |`,
  );
  return [
    SCALE_START,
    '## Scale',
    '',
    ...intro,
    '',
    '| step | rows | seconds | rows / s | peak JS heap MB | peak browser MB | note |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    ...notes,
    SCALE_END,
  ].join('\n');
}

/** The scale section of BENCHMARKS.md in place of the old one, or appended. */
export function replaceScaleSection(markdown: string, section: string): string {
  const start = markdown.indexOf(SCALE_START);
  const end = markdown.indexOf(SCALE_END);
  if (start >= 0 && end > start)
    return markdown.slice(0, start) + section + markdown.slice(end + SCALE_END.length);
  return `${markdown.trimEnd()}\n\n${section}\n`;
}
