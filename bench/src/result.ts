import type { CaseSpec } from './plan';
import type { RunMetrics } from './workloads/metrics';

type CaseStatus = 'ok' | 'timeout' | 'error' | 'skipped' | 'unavailable';

/** What happened to one case. Every figure in it comes from `runs`; nothing is filled in. */
export interface CaseResult {
  readonly spec: CaseSpec;
  readonly status: CaseStatus;
  /** One entry per measured run that finished. */
  readonly runs: RunMetrics[];
  /** Peak resident set of the case's process, in KiB (all of its runs). */
  readonly maxRssKb?: number;
  /** Why there are no (or not all) figures. */
  readonly reason?: string;
  /** Wall time of the whole case, warm-up and process start included. */
  readonly wallMs: number;
}
