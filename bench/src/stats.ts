/** Median, min and max of repeated measurements, as the tables show them. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('no values to summarize');
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${String(value)}`);
  }
  return [...values].sort((a, b) => a - b);
}

/** The median; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The nearest-rank percentile: the smallest value with at least `p` percent of
 * the values at or below it (p99 of 10,000 round trips is the 9,900th fastest).
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100]; received ${p}`);
  const s = sorted(values);
  const rank = Math.ceil((p / 100) * s.length);
  return s[rank - 1]!;
}

export function summarize(values: readonly number[]): Summary {
  const s = sorted(values);
  return { median: median(s), min: s[0]!, max: s[s.length - 1]!, runs: s.length };
}
