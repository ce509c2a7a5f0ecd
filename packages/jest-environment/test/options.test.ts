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
      teardownTimeoutMs: 6100,
      log: false,
      allowLeaks: [],
      watchSockets: true,
      socketGraceMs: 50,
      connectTimeoutMs: 1000,
      watchServers: true,
      mockWebSocket: false,
    });
  });

  it('shortens the default connect follow-up to fit a given teardownTimeoutMs', () => {
    // A configuration that fitted before connection attempts were followed still loads.
    expect(resolveOptions({ cleanupTimeoutMs: 2000, teardownTimeoutMs: 5000 })).toMatchObject({
      connectTimeoutMs: 949,
      teardownTimeoutMs: 5000,
    });
    expect(resolveOptions({ cleanupTimeoutMs: 2000, teardownTimeoutMs: 9000 }).connectTimeoutMs).toBe(1000);
    expect(
      codeOf(() => resolveOptions({ cleanupTimeoutMs: 2000, teardownTimeoutMs: 5000, connectTimeoutMs: 1000 })).code,
    ).toBe('ERR_WSI_INVALID_OPTION');
  });

  it('keeps what is given and defaults the rest', () => {
    const options = resolveOptions({
      onLeak: 'warn',
      cleanupTimeoutMs: 200,
      log: 'debug',
      allowLeaks: [{ kind: 'socket' }],
      watchSockets: false,
    });
    expect(options).toMatchObject({
      onLeak: 'warn',
      cleanupTimeoutMs: 200,
      teardownTimeoutMs: 5000,
      connectTimeoutMs: 1000,
      log: 'debug',
      allowLeaks: [{ kind: 'socket' }],
      watchSockets: false,
    });
  });

  it('stretches the default watchdog to twice a whole cleanup when that is more than 5000 ms', () => {
    // A whole cleanup: the registry's (4000), connection attempts (1000), the grace (100), the servers' closes (4000).
    expect(resolveOptions({ cleanupTimeoutMs: 4000, socketGraceMs: 100 }).teardownTimeoutMs).toBe(18_200);
    expect(
      resolveOptions({ cleanupTimeoutMs: 4000, socketGraceMs: 100, teardownTimeoutMs: 9101 }).teardownTimeoutMs,
    ).toBe(9101);
    expect(
      resolveOptions({ cleanupTimeoutMs: 100, connectTimeoutMs: 200, socketGraceMs: 0, teardownTimeoutMs: 401 }),
    ).toMatchObject({ teardownTimeoutMs: 401 });
  });

  it('never hands out the shared defaults for mutation', () => {
    resolveOptions(undefined).allowLeaks.push({ kind: 'x' });
    expect(DEFAULT_OPTIONS.allowLeaks).toEqual([]);
    expect(resolveOptions(undefined).allowLeaks).toEqual([]);
  });

  it('shows the value it received', () => {
    expect(codeOf(() => resolveOptions({ cleanupTimeoutMs: -5 })).message).toContain('received -5');
  });
});
