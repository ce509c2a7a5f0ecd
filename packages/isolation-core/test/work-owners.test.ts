import type { Circus } from '@jest/types';
import { withTimeout } from '@ws-isolation/test-utils';
import { schedulingSite, WorkOwners } from '../src/work-owners';

const testEntry = (fn: (...args: unknown[]) => unknown): Circus.TestEntry =>
  ({ name: 't', fn, errors: [] }) as unknown as Circus.TestEntry;

let owners: WorkOwners;

beforeEach(() => {
  owners = new WorkOwners();
  owners.enable();
});

afterEach(() => owners.disable());

describe('WorkOwners', () => {
  it('carries the test through timers and promises it schedules, however late they run', async () => {
    const seen: Array<string | undefined> = [];
    const entry = testEntry(async () => {
      await Promise.resolve();
      await new Promise<void>((resolve) =>
        setTimeout(() => {
          seen.push(owners.current()?.name);
          resolve();
        }, 1),
      );
    });
    const owner = owners.ownerFor(entry, 'the test');
    owners.runAs(entry as { fn: Circus.TestFn }, () => owner);
    await withTimeout(Promise.resolve((entry.fn as () => Promise<void>)()), 5000, 'test fn');
    expect(seen).toEqual(['the test']);
    expect(owners.current()).toBeUndefined();
  });

  it("keeps a function's length, so Jest still tells a done callback, and wraps a shared hook once", () => {
    const hook = { fn: ((done: () => void) => done()) as unknown as Circus.HookFn };
    owners.runAs(hook, () => undefined);
    const wrapped = hook.fn;
    expect(wrapped.length).toBe(1);
    owners.runAs(hook, () => undefined);
    expect(hook.fn).toBe(wrapped);
  });

  it('stops an owner: its pending timers are cleared, and the ones it makes afterwards too', async () => {
    // Node lists every active timer; counted before and after instead of waiting to see whether one fires.
    const activeTimers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    const before = activeTimers();
    const entry = testEntry(() => {
      setTimeout(() => undefined, 60_000);
      setInterval(() => undefined, 60_000);
    });
    const owner = owners.ownerFor(entry, 'loop');
    owners.runAs(entry as { fn: Circus.TestFn }, () => owner);
    (entry.fn as () => void)();
    expect(activeTimers()).toBe(before + 2);
    expect(owners.stop(owner)).toBe(2);
    expect(activeTimers()).toBe(before);
    // Work of the stopped owner that runs later schedules nothing either (cleared once the call returns).
    await owners_run(owner, () => setTimeout(() => undefined, 60_000));
    await Promise.resolve();
    expect(activeTimers()).toBe(before);
  });

  it('after runs that made nothing, the first timer and promise of a later run still carry its owner', async () => {
    const quiet = testEntry(() => expect(owners.current()?.name).toBe('quiet'));
    const quietOwner = owners.ownerFor(quiet, 'quiet');
    owners.runAs(quiet as { fn: Circus.TestFn }, () => quietOwner);
    (quiet.fn as () => void)();
    (quiet.fn as () => void)();
    expect(owners.current()).toBeUndefined();
    // Made outside any run: nobody's, so stopping an owner leaves it alone.
    const outside = new Promise<string | undefined>((resolve) => setTimeout(() => resolve(owners.current()?.name), 1));

    const seen: Array<string | undefined> = [];
    const busy = testEntry(() => {
      setTimeout(() => undefined, 60_000);
      return Promise.resolve().then(() => seen.push(owners.current()?.name));
    });
    const busyOwner = owners.ownerFor(busy, 'busy');
    owners.runAs(busy as { fn: Circus.TestFn }, () => busyOwner);
    await withTimeout((busy.fn as () => Promise<unknown>)(), 5000, 'test fn');
    expect(seen).toEqual(['busy']);
    expect(owners.stop(busyOwner)).toBe(1);
    expect(owners.stop(quietOwner)).toBe(0);
    await expect(withTimeout(outside, 5000, 'timer made outside any run')).resolves.toBeUndefined();
  });

  it("knows where the timer running now was scheduled, from the timer's own stack", async () => {
    const entry = testEntry(() => undefined);
    const owner = owners.ownerFor(entry, 'site');
    const site = new Promise<string | undefined>((resolve) => {
      void owners_run(owner, () => setTimeout(() => resolve(schedulingSite()), 1));
    });
    expect((await withTimeout(site, 5000, 'timer'))?.split('\n')[0]).toContain('work-owners.test.ts');
  });
});

/** Runs `work` as `owner`, as a wrapped test function would. */
async function owners_run(owner: ReturnType<WorkOwners['ownerFor']>, work: () => void): Promise<void> {
  const entry = { fn: (() => work()) as unknown as Circus.TestFn };
  owners.runAs(entry, () => owner);
  await (entry.fn as unknown as () => Promise<void> | void)();
}
