import type { CleanupReport, RegistryEntry } from '@ws-isolation/registry';
import { LeakError, TeardownTimeoutError } from '../src';
import { isAllowed, leaksFromReport, type Leak } from '../src/leak';

const stack = '    at Object.<anonymous> (/project/a.test.js:7:3)\n    at next (/project/node_modules/x.js:1:1)';

function entry(overrides: Partial<RegistryEntry> = {}): RegistryEntry {
  return {
    id: 'conn-1',
    kind: 'connection',
    label: 'ws://x state=TERMINATED',
    state: 'TERMINATED',
    stack,
    scope: 'test',
    createdAt: 0,
    ...overrides,
  };
}

describe('leaksFromReport', () => {
  it('turns every handled entry into a leak with its outcome, labelled as it was before cleanup', () => {
    const report: CleanupReport = {
      closed: [entry({ id: 'a' })],
      forced: [entry({ id: 'b' })],
      failed: [entry({ id: 'c', error: new Error('close exploded') })],
      durationMs: 3,
    };
    const before = [entry({ id: 'b', label: 'ws://x state=READY', state: 'READY' })];
    const leaks = leaksFromReport(report, 250, before);
    expect(leaks.map((leak) => [leak.entry.id, leak.outcome, leak.entry.state])).toEqual([
      ['a', 'closed', 'TERMINATED'],
      ['b', 'forced', 'READY'],
      ['c', 'failed', 'TERMINATED'],
    ]);
    expect(leaks[1]!.entry.label).toBe('ws://x state=READY');
    expect(leaks[1]!.detail).toContain('250 ms');
    expect(leaks[1]!.detail).toContain('(forced)');
    expect(leaks[2]!.detail).toContain('close exploded');
  });
});

describe('isAllowed', () => {
  const leak: Leak = {
    entry: entry({ kind: 'socket', label: 'TCP client 127.0.0.1:1 -> 127.0.0.1:5432' }),
    outcome: 'forced',
    detail: '',
  };

  it('matches when every given field matches', () => {
    expect(isAllowed(leak, [{ kind: 'socket' }])).toBe(true);
    expect(isAllowed(leak, [{ label: ':5432' }])).toBe(true);
    expect(isAllowed(leak, [{ kind: 'socket', label: ':5432' }])).toBe(true);
  });

  it('does not match when any given field differs', () => {
    expect(isAllowed(leak, [])).toBe(false);
    expect(isAllowed(leak, [{ kind: 'connection' }])).toBe(false);
    expect(isAllowed(leak, [{ kind: 'socket', label: ':6379' }])).toBe(false);
  });
});

describe('LeakError', () => {
  const leak: Leak = {
    entry: entry({ label: 'ws://x state=READY', state: 'READY' }),
    outcome: 'forced',
    detail: 'cleanup terminated it',
  };
  const error = new LeakError(leak, { name: 'test "sends"', ended: 'the test ended' });

  it('carries the code and what leaked', () => {
    expect(error).toMatchObject({
      code: 'ERR_WSI_LEAK',
      kind: 'connection',
      instanceId: 'conn-1',
      label: 'ws://x state=READY',
      outcome: 'forced',
    });
  });

  it('has the creation stack as its stack, under a Node-style header', () => {
    expect(error.stack).toBe(`LeakError [ERR_WSI_LEAK]: ${error.message}\n${stack}`);
    expect(error.message).toBe(
      'test "sends" leaked connection conn-1 (ws://x state=READY; state READY): it was still open when the test ended; cleanup terminated it.',
    );
  });

  it('says so when no creation stack was recorded', () => {
    const bare = new LeakError({ ...leak, entry: entry({ stack: '' }) }, { name: 'test "t"', ended: 'the test ended' });
    expect(bare.stack).toContain('<creation stack not recorded>');
  });
});

describe('TeardownTimeoutError', () => {
  it('lists what was still open with where it was created', () => {
    const error = new TeardownTimeoutError('cleanup of test "t"', 100, [entry()]);
    expect(error.code).toBe('ERR_WSI_TEARDOWN_TIMEOUT');
    expect(error.open).toHaveLength(1);
    expect(error.message).toContain('connection conn-1');
    expect(error.message).toContain('created at Object.<anonymous> (/project/a.test.js:7:3)');
  });
});
