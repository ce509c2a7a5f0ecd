import type { RunMetrics } from './workloads/metrics';

/** What a case process tells the parent, over the IPC channel. */
export type CaseMessage =
  { type: 'run'; metrics: RunMetrics } | { type: 'done'; maxRssKb: number } | { type: 'error'; message: string };
