import type { IsolationMode } from './options';
import type { TestRunResult } from './types';

/** What `onProgress` receives, in order, as the run goes. */
export type ProgressEvent =
  | { type: 'spawn'; pid: number; stage: 'list' | 'isolated' | 'confirm' | 'suite' | 'bisect' }
  /** A stage starts; `files` and `tests` are what is known so far (a warm run lists as it goes). */
  | {
      type: 'stage';
      stage: 'list' | 'isolated' | 'confirm' | 'suite' | 'bisect';
      files?: number;
      tests?: number;
      mode?: IsolationMode;
    }
  | { type: 'listed'; tests: number; files: number }
  | {
      type: 'result';
      stage: 'isolated' | 'confirm' | 'suite';
      name: string;
      file: string;
      result: TestRunResult;
      attempt: number;
    }
  /** One run of a bisection: which test, which run, how many candidates are left. */
  | { type: 'bisect-run'; name: string; run: number; candidates: number }
  | { type: 'bisected'; name: string; pollutedBy: string[]; dependsOn: string[]; runs: number };
