/** What one run of a workload measured: named figures (milliseconds unless the name says otherwise). */
export type RunMetrics = Record<string, number>;
