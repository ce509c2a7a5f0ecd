import { deferred, withTimeout } from '@ws-isolation/test-utils';
import type { JestTest, JestWorkerPool } from '../src/jest/slot-pool';
import type { WarmCallResult } from '../src/jest/warm-worker';

/** One call a fake farm received, settled by the test. */
export interface FakeCall {
  /** The test's name, from the exact name pattern of the call. */
  name: string;
  /** Until it has its result (or its worker ended). */
  readonly running: boolean;
  listeners: Set<() => void>;
  settle(result: WarmCallResult | Error): void;
}

/** The test file the fake farms run, as Jest hands it to a runner. */
export const FAKE_TEST: JestTest = {
  path: '/project/a.test.js',
  context: { config: { id: 'project' }, moduleMap: { toJSON: () => ({}) } },
};

/** A warm call's result for one test. */
export function callResult(name: string, status: 'passed' | 'failed'): WarmCallResult {
  return {
    cases: [{ ancestorTitles: [], title: name, fullName: name, status, failureMessages: [] }],
    execError: null,
    leaked: [],
    durationMs: 5,
    heapUsed: 0,
  };
}

const watchers = new Set<() => void>();
function changed(): void {
  for (const watcher of [...watchers]) watcher();
}

/**
 * A one-process jest-worker farm, as the warm runner sees it: a call takes
 * custom message listeners while it runs (jest-worker drops them when the call
 * ends), and `end` stops the child, rejecting the call it was running. What a
 * farm does at `ready` and at `end` is set on the class, before the runner makes it.
 */
export class FakeFarm implements JestWorkerPool {
  /** Every farm made since the last `reset`, in order. */
  static made: FakeFarm[] = [];
  /** Why a new farm's worker fails to start (it crashed in its set-up), or undefined when it starts. */
  static startError: (farm: FakeFarm) => Error | undefined = () => undefined;
  /** What the child still does in the moment it is told to stop. */
  static onEnd: (farm: FakeFarm) => void = () => undefined;

  static reset(): void {
    FakeFarm.made = [];
    FakeFarm.startError = () => undefined;
    FakeFarm.onEnd = () => undefined;
  }

  /** Resolves once `condition` holds, checked after each thing a fake farm does; bounded. */
  static until(condition: () => boolean, what: string): Promise<void> {
    const met = new Promise<void>((resolve) => {
      const check = (): void => {
        if (!condition()) return;
        watchers.delete(check);
        resolve();
      };
      watchers.add(check);
      check();
    });
    return withTimeout(met, 10_000, what);
  }

  readonly calls: FakeCall[] = [];
  ended = false;
  /** Whether `end` came while a call was still running. */
  endedMidCall = false;
  /** How `ready` went: the worker started, or crashed in its set-up. */
  start: 'pending' | 'started' | 'crashed' = 'pending';

  constructor() {
    FakeFarm.made.push(this);
    changed();
  }

  worker(request: unknown): ReturnType<JestWorkerPool['worker']> {
    const pattern = (request as { globalConfig: { testNamePattern: string } }).globalConfig.testNamePattern;
    const listeners = new Set<() => void>();
    const result = deferred<WarmCallResult>();
    let done = false;
    const call: FakeCall = {
      name: pattern.slice(1, -1),
      get running() {
        return !done;
      },
      listeners,
      settle: (value) => {
        if (done) return;
        done = true;
        listeners.clear();
        if (value instanceof Error) result.reject(value);
        else result.resolve(value);
      },
    };
    this.calls.push(call);
    changed();
    return Object.assign(result.promise, {
      UNSTABLE_onCustomMessage: (listener: () => void) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    });
  }

  /** The child sends a custom message (a test started or reported) for the call it runs. */
  report(): void {
    for (const listener of [...(this.calls.at(-1)?.listeners ?? [])]) listener();
  }

  async ready(): Promise<boolean> {
    const error = FakeFarm.startError(this);
    this.start = error === undefined ? 'started' : 'crashed';
    changed();
    if (error !== undefined) throw error;
    return true;
  }

  getStdout(): null {
    return null;
  }

  getStderr(): null {
    return null;
  }

  async end(): Promise<void> {
    this.ended = true;
    FakeFarm.onEnd(this);
    for (const call of this.calls) {
      if (call.running) this.endedMidCall = true;
      call.settle(new Error('the worker was ended'));
    }
    changed();
  }
}
