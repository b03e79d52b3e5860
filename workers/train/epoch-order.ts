import type { Sampling } from '@shared/contracts/train.ts';
import { createRandom, shuffleInPlace } from '@shared/random.ts';

/**
 * The rows of one epoch, in order. Depends only on the seed and the epoch, so a resumed run
 * sees the same batches as one that was never interrupted. 'shuffle' visits every row once;
 * 'balanced' draws as many rows, each from a uniformly chosen category, so small categories
 * are seen as often as large ones (their rows repeat).
 */
export function epochOrder(
  classes: readonly number[],
  sampling: Sampling,
  seed: number,
  epoch: number,
): number[] {
  const random = createRandom(seed + epoch);
  if (sampling === 'shuffle')
    return shuffleInPlace(
      classes.map((_, i) => i),
      random,
    );
  const rowsOfClass = new Map<number, number[]>();
  classes.forEach((c, row) => {
    const rows = rowsOfClass.get(c);
    if (rows) rows.push(row);
    else rowsOfClass.set(c, [row]);
  });
  const groups = [...rowsOfClass.entries()].sort((a, b) => a[0] - b[0]).map(([, rows]) => rows);
  return classes.map(() => {
    const rows = groups[Math.floor(random() * groups.length)] as number[];
    return rows[Math.floor(random() * rows.length)] as number;
  });
}
