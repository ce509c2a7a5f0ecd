import { ManualClock, deferred, flushMicrotasks, withTimeout } from '@ws-isolation/test-utils';
import { createRegistry, type RegistryEvent } from '../src';
import { fakeInstance, never } from './fixtures';

/** Starts a cleanup on a manual clock, lets the closes that settle at once settle, then reaches the deadline. */
async function cleanupAtDeadline(clock: ManualClock, run: Promise<unknown>, timeoutMs: number): Promise<void> {
  await flushMicrotasks();
  clock.advance(timeoutMs);
  await withTimeout(run, 10_000, 'cleanupAll');
}

describe('cleanupAll', () => {
  it('closes every instance concurrently and untracks them', async () => {
    const registry = createRegistry();
    const gates = [deferred(), deferred(), deferred()];
    const instances = gates.map((gate) => fakeInstance(() => gate.promise));
    for (const instance of instances) registry.track(instance);
    const run = registry.cleanupAll({ timeoutMs: 1000 });
    // All three closes started before any finished (cleanupAll calls them before it first waits): concurrent.
    expect(instances.map((i) => i.closeCalls)).toEqual([1, 1, 1]);
    for (const gate of gates.reverse()) gate.resolve();
    const report = await run;
    expect(report.closed.map((e) => e.id).sort()).toEqual(instances.map((i) => i.id).sort());
    expect(report.forced).toEqual([]);
    expect(report.failed).toEqual([]);
    expect(registry.size).toBe(0);
    expect(instances.every((i) => i.terminateCalls === 0)).toBe(true);
  });

  it('terminates what has not closed at the deadline and reports it as forced', async () => {
    const clock = new ManualClock();
    const registry = createRegistry({ clock });
    const stuck = fakeInstance(never);
    const fine = fakeInstance();
    registry.track(stuck);
    registry.track(fine);
    const run = registry.cleanupAll({ timeoutMs: 500 });
    clock.advance(499);
    await flushMicrotasks();
    expect(stuck.terminateCalls).toBe(0);
    clock.advance(1);
    const report = await withTimeout(run, 10_000, 'cleanupAll');
    expect(report.forced).toEqual([
      expect.objectContaining({
        id: stuck.id,
        kind: 'fake',
        state: 'TERMINATED',
        label: `fake ${stuck.id} state=TERMINATED`,
      }),
    ]);
    expect(report.forced[0]!.stack).toMatch(/cleanup\.test\.ts/);
    expect(report.closed.map((e) => e.id)).toEqual([fine.id]);
    expect(report.durationMs).toBe(500);
    expect(stuck.terminateCalls).toBe(1);
    expect(registry.size).toBe(0);
  });

  it('reports as forced an instance whose own close had to terminate it', async () => {
    const registry = createRegistry();
    const selfForced = fakeInstance(async () => ({ forced: true }) as unknown as void);
    const clean = fakeInstance(async () => ({ forced: false }) as unknown as void);
    registry.track(selfForced);
    registry.track(clean);
    const report = await registry.cleanupAll({ timeoutMs: 1000 });
    expect(report.forced.map((e) => e.id)).toEqual([selfForced.id]);
    expect(report.closed.map((e) => e.id)).toEqual([clean.id]);
    // It already terminated itself: the registry does not terminate it again.
    expect(selfForced.terminateCalls).toBe(0);
    expect(registry.size).toBe(0);
  });

  it('reports a close that throws synchronously as failed and terminates it', async () => {
    const registry = createRegistry();
    const error = new Error('close exploded');
    const instance = fakeInstance(() => {
      throw error;
    });
    registry.track(instance);
    const report = await registry.cleanupAll({ timeoutMs: 1000 });
    expect(report.failed).toEqual([expect.objectContaining({ id: instance.id, error })]);
    expect(instance.terminateCalls).toBe(1);
    expect(registry.size).toBe(0);
  });

  it('reports a close that rejects as failed and terminates it', async () => {
    const registry = createRegistry();
    const error = new Error('close rejected');
    const instance = fakeInstance(() => Promise.reject(error));
    registry.track(instance);
    const report = await registry.cleanupAll({ timeoutMs: 1000 });
    expect(report.failed).toEqual([expect.objectContaining({ id: instance.id, error })]);
    expect(instance.terminateCalls).toBe(1);
  });

  it('reports a terminate that throws at the deadline as failed, and still returns on time', async () => {
    const clock = new ManualClock();
    const registry = createRegistry({ clock });
    const error = new Error('terminate exploded');
    const instance = fakeInstance(never, () => {
      throw error;
    });
    registry.track(instance);
    const run = registry.cleanupAll({ timeoutMs: 200 });
    await cleanupAtDeadline(clock, run, 200);
    const report = await run;
    expect(report.failed).toEqual([expect.objectContaining({ id: instance.id, error })]);
    expect(report.forced).toEqual([]);
    expect(registry.size).toBe(0);
  });

  it('a close that calls cleanupAll again does not deadlock: both calls end by the deadline', async () => {
    const clock = new ManualClock();
    const registry = createRegistry({ clock });
    let inner: Promise<unknown> | undefined;
    const reentrant = fakeInstance(async () => {
      inner = registry.cleanupAll({ timeoutMs: 300 });
      await inner;
    });
    const other = fakeInstance();
    registry.track(reentrant);
    registry.track(other);
    const outer = registry.cleanupAll({ timeoutMs: 300 });
    await cleanupAtDeadline(clock, outer, 300);
    const report = await outer;
    await withTimeout(inner!, 10_000, 'inner cleanupAll');
    expect(report.closed.map((e) => e.id)).toContain(other.id);
    expect([...report.closed, ...report.forced].map((e) => e.id)).toContain(reentrant.id);
    expect(other.closeCalls).toBe(1);
    expect(reentrant.closeCalls).toBe(1);
    expect(registry.size).toBe(0);
  });

  it('a second concurrent cleanupAll joins the first instead of closing twice', async () => {
    const registry = createRegistry();
    const gate = deferred();
    const instance = fakeInstance(() => gate.promise);
    registry.track(instance);
    const first = registry.cleanupAll({ timeoutMs: 1000 });
    const second = registry.cleanupAll({ timeoutMs: 1000 });
    gate.resolve();
    const [a, b] = await Promise.all([first, second]);
    expect(instance.closeCalls).toBe(1);
    expect(a.closed.map((e) => e.id)).toEqual([instance.id]);
    // The joining call waited for the same close and reports its outcome too.
    expect(b.closed.map((e) => e.id)).toEqual([instance.id]);
  });

  it('a joining cleanup with a shorter deadline terminates at its own deadline; the first still reports the outcome', async () => {
    const clock = new ManualClock();
    const registry = createRegistry({ clock });
    const gate = deferred();
    const slow = fakeInstance(() => gate.promise);
    const quick = fakeInstance();
    registry.track(slow);
    registry.track(quick);
    const first = registry.cleanupAll({ timeoutMs: 1000 });
    registry.track(fakeInstance(), { scope: 'other' });
    const second = registry.cleanupAll({ timeoutMs: 100 });
    await flushMicrotasks();
    clock.advance(100);
    const joined = await withTimeout(second, 10_000, 'the joining cleanup');
    // Forced at its own deadline: the slow close had not settled; the quick one had, and it reports that.
    expect(joined.forced.map((e) => e.id)).toEqual([slow.id]);
    expect(joined.closed.map((e) => e.id)).toEqual(expect.arrayContaining([quick.id]));
    expect(slow.terminateCalls).toBe(1);
    gate.resolve();
    const report = await withTimeout(first, 10_000, 'the first cleanup');
    expect(report.closed.map((e) => e.id).sort()).toEqual([slow.id, quick.id].sort());
    expect([slow.closeCalls, quick.closeCalls]).toEqual([1, 1]);
  });

  it('cleans up instances tracked while the cleanup runs', async () => {
    const registry = createRegistry();
    const child = fakeInstance();
    const parent = fakeInstance(() => {
      registry.track(child);
    });
    registry.track(parent);
    const report = await registry.cleanupAll({ timeoutMs: 1000 });
    expect(report.closed.map((e) => e.id)).toEqual([parent.id, child.id]);
    expect(registry.size).toBe(0);
  });

  it('stays bounded when every close tracks yet another instance', async () => {
    const clock = new ManualClock();
    const registry = createRegistry({ clock });
    const spawn = (): void => {
      registry.track(fakeInstance(() => never()));
    };
    registry.track(
      fakeInstance(() => {
        spawn();
        return never();
      }),
    );
    const run = registry.cleanupAll({ timeoutMs: 100 });
    await cleanupAtDeadline(clock, run, 100);
    const report = await run;
    expect(report.forced.length).toBeGreaterThanOrEqual(1);
    expect(registry.size).toBe(0);
  });

  it('cleans only the scope it is given', async () => {
    const registry = createRegistry();
    const fileScoped = fakeInstance();
    const testScoped = fakeInstance();
    registry.track(fileScoped, { scope: 'file' });
    registry.track(testScoped, { scope: 'test' });
    const report = await registry.cleanupAll({ scope: 'test', timeoutMs: 100 });
    expect(report.closed.map((e) => e.id)).toEqual([testScoped.id]);
    expect(registry.list().map((e) => e.id)).toEqual([fileScoped.id]);
    expect(fileScoped.closeCalls).toBe(0);
  });

  // Tracking captures a creation stack per instance: ten thousand of them take
  // seconds of CPU on a loaded machine, hence the longer limit. The deadline
  // itself runs on the manual clock.
  it('handles 10,000 instances at once, a tenth of them stuck', async () => {
    const clock = new ManualClock();
    const registry = createRegistry({ clock });
    for (let i = 0; i < 10_000; i++) registry.track(fakeInstance(i % 10 === 0 ? never : undefined));
    const run = registry.cleanupAll({ timeoutMs: 250 });
    await cleanupAtDeadline(clock, run, 250);
    const report = await run;
    expect(report.closed).toHaveLength(9_000);
    expect(report.forced).toHaveLength(1_000);
    expect(registry.size).toBe(0);
  }, 60_000);

  it('returns an empty report when nothing is tracked', async () => {
    const registry = createRegistry();
    await expect(registry.cleanupAll({ timeoutMs: 0 })).resolves.toMatchObject({ closed: [], forced: [], failed: [] });
  });

  it('emits a step event for every instance and an end event with the report', async () => {
    const registry = createRegistry();
    const events: RegistryEvent[] = [];
    registry.subscribe((event) => events.push(event));
    registry.track(fakeInstance());
    registry.track(fakeInstance(() => Promise.reject(new Error('x'))));
    await registry.cleanupAll({ timeoutMs: 100 });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('track');
    expect(types).toContain('cleanup-start');
    expect(types).toContain('closed');
    expect(types).toContain('failed');
    expect(types[types.length - 1]).toBe('cleanup-end');
  });
});

describe('cleanupAll under fake timers', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it.each(['modern', 'legacy'] as const)(
    'still meets its deadline with %s fake timers installed after the registry was made',
    async (kind) => {
      const registry = createRegistry();
      const stuck = fakeInstance(never);
      registry.track(stuck);
      jest.useFakeTimers({ legacyFakeTimers: kind === 'legacy' });
      const report = await withTimeout(registry.cleanupAll({ timeoutMs: 50 }), 5000, 'cleanupAll with fake timers');
      expect(report.forced.map((e) => e.id)).toEqual([stuck.id]);
      expect(stuck.terminateCalls).toBe(1);
    },
  );

  it('meets its deadline when the registry itself is created while fake timers are installed', async () => {
    jest.useFakeTimers();
    const registry = createRegistry();
    const stuck = fakeInstance(never);
    registry.track(stuck);
    const report = await withTimeout(registry.cleanupAll({ timeoutMs: 50 }), 5000, 'cleanupAll with fake timers');
    expect(report.forced.map((e) => e.id)).toEqual([stuck.id]);
  });
});
