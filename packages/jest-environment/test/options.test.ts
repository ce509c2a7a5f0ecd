import { DEFAULT_OPTIONS, EnvironmentError, resolveOptions } from '../src';

function codeOf(run: () => unknown): { code: unknown; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentError);
    return { code: (error as EnvironmentError).code, message: (error as Error).message };
  }
  throw new Error('expected a throw');
}

describe('resolveOptions', () => {
  it('fills in every default when wsIsolation is absent', () => {
    expect(resolveOptions(undefined)).toEqual({
      onLeak: 'fail',
      cleanupTimeoutMs: 1000,
      teardownTimeoutMs: 5000,
      log: false,
      allowLeaks: [],
      watchSockets: true,
      socketGraceMs: 50,
    });
  });

  it('keeps what is given and defaults the rest', () => {
    const options = resolveOptions({ onLeak: 'warn', cleanupTimeoutMs: 200, log: 'debug', allowLeaks: [{ kind: 'socket' }], watchSockets: false });
    expect(options).toMatchObject({ onLeak: 'warn', cleanupTimeoutMs: 200, teardownTimeoutMs: 5000, log: 'debug', allowLeaks: [{ kind: 'socket' }], watchSockets: false });
  });

  it('stretches the default watchdog to twice a whole cleanup when that is more than 5000 ms', () => {
    expect(resolveOptions({ cleanupTimeoutMs: 4000, socketGraceMs: 100 }).teardownTimeoutMs).toBe(8200);
    expect(resolveOptions({ cleanupTimeoutMs: 4000, socketGraceMs: 100, teardownTimeoutMs: 4101 }).teardownTimeoutMs).toBe(4101);
  });

  it('never hands out the shared defaults for mutation', () => {
    resolveOptions(undefined).allowLeaks.push({ kind: 'x' });
    expect(DEFAULT_OPTIONS.allowLeaks).toEqual([]);
    expect(resolveOptions(undefined).allowLeaks).toEqual([]);
  });

  it.each([
    ['wsIsolation itself', 'loud', 'testEnvironmentOptions.wsIsolation must be an object'],
    ['an unknown key', { onleak: 'warn' }, '"onleak"'],
    ['onLeak', { onLeak: 'loud' }, '.onLeak'],
    ['cleanupTimeoutMs negative', { cleanupTimeoutMs: -1 }, '.cleanupTimeoutMs'],
    ['cleanupTimeoutMs not a number', { cleanupTimeoutMs: '100' }, '.cleanupTimeoutMs'],
    ['teardownTimeoutMs infinite', { teardownTimeoutMs: Infinity }, '.teardownTimeoutMs'],
    ['teardownTimeoutMs below cleanupTimeoutMs', { cleanupTimeoutMs: 500, teardownTimeoutMs: 100 }, '.teardownTimeoutMs'],
    ['teardownTimeoutMs with no room for the socket grace', { cleanupTimeoutMs: 500, socketGraceMs: 50, teardownTimeoutMs: 550 }, '.teardownTimeoutMs'],
    ['log', { log: 'verbose' }, '.log'],
    ['log true', { log: true }, '.log'],
    ['watchSockets', { watchSockets: 'yes' }, '.watchSockets'],
    ['socketGraceMs', { socketGraceMs: NaN }, '.socketGraceMs'],
    ['allowLeaks not an array', { allowLeaks: 'socket' }, '.allowLeaks'],
    ['an empty allowLeaks entry', { allowLeaks: [{}] }, '.allowLeaks[0]'],
    ['an allowLeaks entry with an unknown field', { allowLeaks: [{ kind: 'socket', id: 'x' }] }, '.allowLeaks[0]'],
    ['an allowLeaks label that is not a string', { allowLeaks: [{ label: 5 }] }, '.allowLeaks[0].label'],
  ])('refuses %s with ERR_WSI_INVALID_OPTION naming the option', (_what, raw, option) => {
    const { code, message } = codeOf(() => resolveOptions(raw));
    expect(code).toBe('ERR_WSI_INVALID_OPTION');
    expect(message).toContain(option);
  });

  it('shows the value it received', () => {
    expect(codeOf(() => resolveOptions({ cleanupTimeoutMs: -5 })).message).toContain('received -5');
  });
});
