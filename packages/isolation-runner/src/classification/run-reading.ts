import type { CaseOutcome, JestEvent } from '../jest/events';
import { testKey } from '../stages/test-case';

/** What the events of one run say about one test. */
export interface CaseTrace {
  startTime?: number;
  outcome?: CaseOutcome;
  /** When the outcome arrived. */
  outcomeTime?: number;
}

/** What the events of one run say, indexed. */
export interface RunReading {
  cases: Map<string, CaseTrace>;
  /** Files that started, with when. */
  filesStarted: Map<string, number>;
  /** Files whose result arrived. */
  filesDone: Set<string>;
  /** When each file's result arrived. */
  fileResultTimes: Map<string, number>;
  /** Files that failed as a whole (syntax error, a throwing beforeAll, …). */
  fileErrors: Map<string, string>;
  runComplete: boolean;
  /** Test keys in the order they started (or reported, for tests with no start). */
  order: string[];
  /** Keys of tests that started and never reported. */
  unfinished: string[];
}

const NOT_RUN = new Set(['pending', 'skipped', 'todo', 'disabled']);

/** Indexes a run's events by test. */
export function readRun(events: readonly JestEvent[]): RunReading {
  const reading: RunReading = {
    cases: new Map(),
    filesStarted: new Map(),
    filesDone: new Set(),
    fileResultTimes: new Map(),
    fileErrors: new Map(),
    runComplete: false,
    order: [],
    unfinished: [],
  };
  const trace = (key: string): CaseTrace => {
    let found = reading.cases.get(key);
    if (found === undefined) {
      found = {};
      reading.cases.set(key, found);
    }
    return found;
  };
  const seen = new Set<string>();
  const note = (key: string): void => {
    if (!seen.has(key)) reading.order.push(key);
    seen.add(key);
  };
  for (const event of events) {
    if (event.type === 'file-start') reading.filesStarted.set(event.file, event.time);
    else if (event.type === 'case-start') {
      const key = testKey(event);
      trace(key).startTime = event.time;
      note(key);
    } else if (event.type === 'case-result') {
      const key = testKey(event);
      Object.assign(trace(key), { outcome: event, outcomeTime: event.time });
      if (!NOT_RUN.has(event.status)) note(key);
    } else if (event.type === 'file-result') {
      reading.filesDone.add(event.file);
      reading.fileResultTimes.set(event.file, event.time);
      if (event.execError !== null) reading.fileErrors.set(event.file, event.execError);
      for (const outcome of event.cases) {
        const key = testKey(outcome);
        const known = trace(key);
        if (known.outcome === undefined) Object.assign(known, { outcome, outcomeTime: event.time });
        if (!NOT_RUN.has(outcome.status)) note(key);
      }
    } else if (event.type === 'run-complete') reading.runComplete = true;
  }
  reading.unfinished = reading.order.filter((key) => {
    const found = reading.cases.get(key);
    return found?.startTime !== undefined && found.outcome === undefined;
  });
  return reading;
}

/** Whether Jest's status means the test did not run (skipped, todo, filtered out). */
export function isNotRunStatus(status: string): boolean {
  return NOT_RUN.has(status);
}
