/** Median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Runs baseline and candidate interleaved for `rounds` rounds (so drift and GC pressure hit both alike)
 * and returns the median of the per-round ratios candidate ÷ baseline, plus both medians.
 */
export async function interleavedRatio(
  rounds: number,
  baseline: () => Promise<number>,
  candidate: () => Promise<number>,
): Promise<{ ratio: number; baselineMs: number; candidateMs: number }> {
  const ratios: number[] = [];
  const base: number[] = [];
  const cand: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    // Alternate which goes first, so neither always runs on a warmer cache.
    const first = round % 2 === 0;
    const a = first ? await baseline() : 0;
    const b = await candidate();
    const c = first ? a : await baseline();
    base.push(c);
    cand.push(b);
    ratios.push(b / c);
  }
  return { ratio: median(ratios), baselineMs: median(base), candidateMs: median(cand) };
}

/** Wall time of `fn` in ms. */
export async function timeIt(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
