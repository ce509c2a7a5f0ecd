import type { CaseResult } from './result';
import { summarize, type Summary } from './stats';

/** The summary of one metric over a case's runs; undefined when no run measured it. */
export function metric(result: CaseResult | undefined, key: string): Summary | undefined {
  if (result === undefined || result.runs.length === 0) return undefined;
  const values = result.runs.map((run) => run[key]);
  if (values.some((value) => value === undefined || !Number.isFinite(value))) return undefined;
  return summarize(values as number[]);
}

/** The largest value of a metric over the runs (e.g. the most connections ever left open). */
export function worst(result: CaseResult | undefined, key: string): number | undefined {
  if (result === undefined || result.runs.length === 0) return undefined;
  return Math.max(...result.runs.map((run) => run[key] ?? Number.NaN));
}

/** A short account of a case without full figures: why, in one cell. */
export function statusNote(result: CaseResult): string {
  switch (result.status) {
    case 'ok':
      return result.spec.note ?? '';
    case 'timeout':
      return result.runs.length > 0
        ? `timed out: ${result.runs.length} of ${result.spec.runs} runs finished within ${result.spec.timeoutMs / 1000} s`
        : `timed out: not one run finished within ${result.spec.timeoutMs / 1000} s`;
    case 'skipped':
    case 'unavailable':
      return result.reason ?? '';
    case 'error':
      return `failed: ${result.reason ?? 'unknown error'}`;
  }
}

export function find(
  results: readonly CaseResult[],
  section: string,
  subject: string,
  size?: number,
): CaseResult | undefined {
  return results.find(
    (result) =>
      result.spec.section === section &&
      result.spec.subject === subject &&
      (size === undefined || result.spec.size === size),
  );
}
