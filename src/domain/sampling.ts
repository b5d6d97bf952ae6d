import { createHash } from 'node:crypto';

/** At least `percent` of `n`, rounded up (60% of 7 is 5): integer arithmetic, no floating-point edge. */
export function sampleSize(n: number, percent: number): number {
  return Math.floor((n * percent + 99) / 100);
}

/** The seed of a sample: the site, the rule and the period. Shown with every sample so an auditor can draw it again. */
export function sampleSeed(site: string, rule: string, period: string): string {
  return `${site}/${rule}/${period}`;
}

/** An item's rank in a sample: sha256 of `seed:key`, hex. Anyone can recompute it (`printf '%s' 'JY01/F3/2026-W48:ORD-1' | sha256sum`). */
export function sampleRank(seed: string, key: string): string {
  return createHash('sha256').update(`${seed}:${key}`).digest('hex');
}

/**
 * F3, F5, F6: a reproducible sample. The `size` keys with the smallest ranks are drawn, whatever
 * order the population comes in; the same seed and population always give the same sample.
 * Returned in the population's order.
 */
export function drawSample(seed: string, keys: readonly string[], size: number): string[] {
  const drawn = new Set(
    [...keys]
      .map((key) => ({ key, rank: sampleRank(seed, key) }))
      .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
      .slice(0, size)
      .map((r) => r.key),
  );
  return keys.filter((k) => drawn.has(k));
}
