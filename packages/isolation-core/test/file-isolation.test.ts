import { flushMicrotasks, ManualClock, testInstance } from '@ws-isolation/test-utils';
import { createRegistry, type Registry } from '@ws-isolation/registry';
import { LeakError, resolveIsolationOptions, TeardownTimeoutError, type IsolationOptions } from '../src';
import { FileIsolation } from '../src/file-isolation';
import { Logger } from '../src/logger';

const owner = { name: 'test "t"', ended: 'the test ended' };

function setup(options: IsolationOptions = {}, makeRegistry?: (clock: ManualClock) => Registry) {
  const clock = new ManualClock();
  const registry = makeRegistry ? makeRegistry(clock) : createRegistry({ clock });
  const lines: string[] = [];
  const logger = new Logger(
    resolveIsolationOptions(options, 'wsIsolation').log,
    { write: (line) => lines.push(line), now: () => clock.now() },
    'f.test.js',
  );
  const isolation = new FileIsolation({
    registry,
    options: resolveIsolationOptions(options, 'wsIsolation'),
    logger,
    clock,
  });
  return { clock, registry, lines, isolation };
}

describe('FileIsolation.finishScope', () => {
  it('closes what the test left open and returns one LeakError per leak, as it was when the test ended', async () => {
    const { registry, isolation } = setup();
    const leaked = testInstance('leaky');
    registry.track(leaked, { scope: 'test' });
    const errors = await isolation.finishScope('test', owner);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(LeakError);
    expect(errors[0]).toMatchObject({
      code: 'ERR_WSI_LEAK',
      instanceId: leaked.id,
      label: 'leaky state=OPEN',
      outcome: 'closed',
    });
    expect(leaked.state).toBe('CLOSED');
    expect(registry.size).toBe(0);
  });

  it('returns nothing, and runs no cleanup, when the test left nothing', async () => {
    const { registry, isolation } = setup();
    const cleanupAll = jest.spyOn(registry, 'cleanupAll');
    expect(await isolation.finishScope('test', owner)).toEqual([]);
    expect(cleanupAll).not.toHaveBeenCalled();
  });

  it('leaves other scopes alone', async () => {
    const { registry, isolation } = setup();
    const shared = testInstance('shared');
    registry.track(shared, { scope: 'file' });
    expect(await isolation.finishScope('test', owner)).toEqual([]);
    expect(registry.has(shared)).toBe(true);
  });

  it('terminates a close that never settles at cleanupTimeoutMs and reports it as forced', async () => {
    const { clock, registry, isolation } = setup({ cleanupTimeoutMs: 100 });
    const first = testInstance('never-1', 'never');
    const second = testInstance('never-2', 'never');
    registry.track(first, { scope: 'test' });
    registry.track(second, { scope: 'test' });
    const finishing = isolation.finishScope('test', owner);
    await clock.advanceAsync(100);
    const errors = await finishing;
    expect(errors.map((error) => (error as LeakError).outcome)).toEqual(['forced', 'forced']);
    expect([first.terminated, second.terminated]).toEqual([true, true]);
  });

  it('reports a close that rejects as failed', async () => {
    const { registry, isolation } = setup();
    registry.track(testInstance('grumpy', 'reject'), { scope: 'test' });
    const [error] = await isolation.finishScope('test', owner);
    expect(error).toMatchObject({ code: 'ERR_WSI_LEAK', outcome: 'failed' });
    expect((error as LeakError).message).toContain('grumpy refused to close');
  });

  it('prints leaks instead under onLeak: warn, and returns no error', async () => {
    const { registry, isolation, lines } = setup({ onLeak: 'warn' });
    const leaked = testInstance('warned');
    registry.track(leaked, { scope: 'test' });
    expect(await isolation.finishScope('test', owner)).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^WARN: test "t" leaked test-instance inst-\d+ \(warned state=OPEN; state OPEN\); cleanup closed it\. Created at:\n/,
    );
    expect(leaked.state).toBe('CLOSED');
  });

  it('only cleans up under onLeak: ignore', async () => {
    const { registry, isolation, lines } = setup({ onLeak: 'ignore' });
    const leaked = testInstance('ignored');
    registry.track(leaked, { scope: 'test' });
    expect(await isolation.finishScope('test', owner)).toEqual([]);
    expect(lines).toEqual([]);
    expect(leaked.state).toBe('CLOSED');
  });

  it('accepts leaks on the allow-list, still cleaning them up', async () => {
    const { registry, isolation } = setup({ allowLeaks: [{ label: 'accepted' }] });
    const accepted = testInstance('accepted');
    registry.track(accepted, { scope: 'test' });
    registry.track(testInstance('reported'), { scope: 'test' });
    const errors = await isolation.finishScope('test', owner);
    expect(errors.map((error) => (error as LeakError).label)).toEqual(['reported state=OPEN']);
    expect(accepted.state).toBe('CLOSED');
  });

  it('logs one INFO line per leak under log: info', async () => {
    const { registry, isolation, lines } = setup({ log: 'info' });
    registry.track(testInstance('noted'), { scope: 'test' });
    await isolation.finishScope('test', owner);
    expect(lines.filter((line) => line.startsWith('INFO: test "t" leaked test-instance'))).toHaveLength(1);
  });
});

describe('FileIsolation.finishQuietScope', () => {
  it('finishes a scope with nothing open at once, leaving other scopes alone, and refuses one with something open', async () => {
    const { registry, isolation } = setup();
    const cleanupAll = jest.spyOn(registry, 'cleanupAll');
    expect(isolation.finishQuietScope('test')).toBe(true);
    const shared = testInstance('shared');
    registry.track(shared, { scope: 'file' });
    expect(isolation.finishQuietScope('test')).toBe(true);
    const leaked = testInstance('leaky');
    registry.track(leaked, { scope: 'test' });
    expect(isolation.finishQuietScope('test')).toBe(false);
    // Refusing cleans nothing up: finishScope still finds the leak.
    expect(cleanupAll).not.toHaveBeenCalled();
    expect(await isolation.finishScope('test', owner)).toEqual([expect.objectContaining({ instanceId: leaked.id })]);
    expect(registry.has(shared)).toBe(true);
  });
});

describe('the watchdog', () => {
  // A registry whose cleanup never returns stands in for any step that overruns.
  function stalledRegistry(clock: ManualClock): Registry {
    const real = createRegistry({ clock });
    return {
      version: 1,
      get size() {
        return real.size;
      },
      get defaultScope() {
        return real.defaultScope;
      },
      setDefaultScope: (scope) => real.setDefaultScope(scope),
      track: (instance, options) => real.track(instance, options),
      untrack: (instance) => real.untrack(instance),
      has: (instance) => real.has(instance),
      list: (options) => real.list(options),
      subscribe: (listener) => real.subscribe(listener),
      cleanupAll: (options) => (options?.timeoutMs === 0 ? real.cleanupAll(options) : new Promise(() => undefined)),
    };
  }

  it('reports what was still open at teardownTimeoutMs, terminates it, and lets the run go on', async () => {
    const { clock, registry, isolation, lines } = setup(
      { cleanupTimeoutMs: 100, connectTimeoutMs: 100, teardownTimeoutMs: 500 },
      stalledRegistry,
    );
    const stuck = testInstance('stuck', 'never');
    registry.track(stuck, { scope: 'test' });
    const finishing = isolation.finishScope('test', owner);
    await clock.advanceAsync(500);
    const [error, ...rest] = await finishing;
    expect(rest).toEqual([]);
    expect(error).toBeInstanceOf(TeardownTimeoutError);
    expect(error).toMatchObject({
      code: 'ERR_WSI_TEARDOWN_TIMEOUT',
      open: [expect.objectContaining({ id: stuck.id, label: 'stuck state=OPEN' })],
    });
    expect(
      lines.some((line) =>
        line.startsWith('WARN: cleanup of test "t" did not finish within teardownTimeoutMs (500 ms)'),
      ),
    ).toBe(true);
    await flushMicrotasks();
    expect(stuck.terminated).toBe(true);
  });

  it('turns a cleanup that throws into an internal error instead of a rejection', async () => {
    const { registry, isolation } = setup({}, (clock) => ({
      ...stalledRegistry(clock),
      cleanupAll: () => Promise.reject(new Error('registry broke')),
    }));
    registry.track(testInstance('doomed'), { scope: 'test' });
    const [error] = await isolation.finishScope('test', owner);
    expect(error).toMatchObject({ code: 'ERR_WSI_ENVIRONMENT_INTERNAL' });
  });
});
