import { deferred, flushMicrotasks, ManualClock } from '@ws-isolation/test-utils';
import type { WarmPlan } from '../src/jest/events';
import { SlotPool, type Job, type JestTest, type JestWorkerPool } from '../src/jest/slot-pool';
import type { WarmCallResult } from '../src/jest/warm-worker';

const TIMEOUT_MS = 1000;
const plan: WarmPlan = {
  testsFile: '/nowhere/tests.jsonl',
  workers: 1,
  repeat: 1,
  timeoutMs: TIMEOUT_MS,
  jestRunner: '/nowhere/jest-runner',
  workerModule: '/nowhere/warm-worker.js',
};
const test: JestTest = {
  path: '/project/a.test.js',
  context: { config: { id: 'p' }, moduleMap: { toJSON: () => ({}) } },
};
const job: Job = { test, name: 'a', attempt: 1 };
const passed: WarmCallResult = {
  cases: [{ ancestorTitles: [], title: 'a', fullName: 'a', status: 'passed', failureMessages: [] }],
  execError: null,
  leaked: [],
  durationMs: 5,
  heapUsed: 0,
};

/**
 * A one-process jest-worker farm, as `SlotPool` sees it: a call takes custom
 * message listeners while it runs (jest-worker drops them when the call ends),
 * and `end` stops the child, rejecting the call it was running. `onEnd` is
 * what the child still does in the moment it is told to stop.
 */
class FakeFarm implements JestWorkerPool {
  static made: FakeFarm[] = [];
  static onEnd: (farm: FakeFarm) => void = () => undefined;
  readonly calls: { listeners: Set<() => void>; settle: (result: WarmCallResult | Error) => void }[] = [];
  ended = false;

  constructor() {
    FakeFarm.made.push(this);
  }

  worker(): ReturnType<JestWorkerPool['worker']> {
    const listeners = new Set<() => void>();
    const result = deferred<WarmCallResult>();
    let done = false;
    const settle = (value: WarmCallResult | Error): void => {
      if (done) return;
      done = true;
      listeners.clear();
      if (value instanceof Error) result.reject(value);
      else result.resolve(value);
    };
    this.calls.push({ listeners, settle });
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
    for (const call of this.calls) call.settle(new Error('the worker was ended'));
  }
}

function newPool(clock: ManualClock): SlotPool {
  FakeFarm.made = [];
  FakeFarm.onEnd = () => undefined;
  return new SlotPool(plan, [test], {}, {}, { Worker: FakeFarm, clock });
}

/** Starts a call and lets it reach the worker. */
async function startCall(pool: SlotPool): Promise<{ outcome: ReturnType<SlotPool['call']>; farm: FakeFarm }> {
  const outcome = pool.call(0, job, '^a$');
  await flushMicrotasks();
  return { outcome, farm: FakeFarm.made[0]! };
}

describe('SlotPool.call and its time limit', () => {
  it('leaves no timer once a call has its result, and keeps the worker for the next call', async () => {
    const clock = new ManualClock();
    const pool = newPool(clock);
    const { outcome, farm } = await startCall(pool);
    farm.calls[0]!.settle(passed);
    expect(await outcome).toMatchObject({ timedOut: false, cases: passed.cases });
    expect(clock.pending).toBe(0);
    expect(farm.ended).toBe(false);
  });

  it('counts the limit from the last progress message, not from the start of the call', async () => {
    const clock = new ManualClock();
    const pool = newPool(clock);
    const { outcome, farm } = await startCall(pool);
    await clock.advanceAsync(TIMEOUT_MS - 1);
    farm.report();
    await clock.advanceAsync(TIMEOUT_MS - 1);
    farm.calls[0]!.settle(passed);
    expect(await outcome).toMatchObject({ timedOut: false });
    expect(clock.pending).toBe(0);
  });

  it('arms no timer when a timed-out test reports while its worker is being replaced', async () => {
    const clock = new ManualClock();
    const pool = newPool(clock);
    const { outcome, farm } = await startCall(pool);
    // The hung test ends (its own Jest timeout, or the exit) and says so before the child is gone.
    FakeFarm.onEnd = (ending) => ending.report();
    await clock.advanceAsync(TIMEOUT_MS);
    expect(await outcome).toMatchObject({ timedOut: true, cases: [] });
    expect(farm.ended).toBe(true);
    // A timer armed now would belong to no call: it would keep the warm Jest alive for another timeoutMs.
    expect(clock.pending).toBe(0);
  });
});
