import type { TestRunResult } from './types';

/** What `onProgress` receives, in order, as the run goes. */
export type ProgressEvent =
  | { type: 'listed'; tests: number; files: number }
  | { type: 'spawn'; pid: number; stage: 'list' | 'isolated' | 'suite' | 'bisect' }
  | { type: 'stage'; stage: 'isolated' | 'suite' | 'bisect' }
  | { type: 'result'; stage: 'isolated' | 'suite'; name: string; file: string; result: TestRunResult; attempt: number }
  | { type: 'bisected'; name: string; pollutedBy: string[]; runs: number };
