import type { IsolationReport } from '../types';

/** The report as isolation-results.json: the `IsolationReport` object, two-space indented. */
export function formatJson(report: IsolationReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
