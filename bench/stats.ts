/**
 * Timing and summary numbers. Latencies are taken with process.hrtime.bigint() (monotonic, ns) and
 * kept as milliseconds; percentiles use the nearest-rank method so that every reported value is a
 * latency that was actually observed (no interpolation between two appends).
 */

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p99: number;
  min: number;
  max: number;
}

/** A start mark for msSince. */
export function mark(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds since a mark, with sub-microsecond resolution. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Nearest-rank percentile: with 300 samples p99 is the 297th smallest, with 20 it is the largest. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function summarize(samples: readonly number[]): Summary {
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  return {
    n: samples.length,
    mean,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    min: samples.reduce((m, x) => Math.min(m, x), Infinity),
    max: samples.reduce((m, x) => Math.max(m, x), -Infinity),
  };
}
