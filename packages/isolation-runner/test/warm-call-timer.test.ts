import { flushMicrotasks, ManualClock } from '@ws-isolation/test-utils';
import type { WarmPlan } from '../src/jest/events';
import { SlotPool, type Job } from '../src/jest/slot-pool';
import { callResult, FAKE_TEST, FakeFarm } from './fake-worker-farm';

const TIMEOUT_MS = 1000;
const plan: WarmPlan = {
  testsFile: '/nowhere/tests.jsonl',
  workers: 1,
  repeat: 1,
  timeoutMs: TIMEOUT_MS,
  jestRunner: '/nowhere/jest-runner',
  workerModule: '/nowhere/warm-worker.js',
};
const job: Job = { test: FAKE_TEST, name: 'a', attempt: 1 };

function newPool(clock: ManualClock): SlotPool {
  FakeFarm.reset();
  return new SlotPool(plan, [FAKE_TEST], {}, {}, { Worker: FakeFarm, clock });
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
    farm.calls[0]!.settle(callResult('a', 'passed'));
    expect(await outcome).toMatchObject({ timedOut: false, cases: callResult('a', 'passed').cases });
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
    farm.calls[0]!.settle(callResult('a', 'passed'));
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
