import { DEFAULT_ISOLATION_OPTIONS } from '@ws-isolation/isolation-core';
import { EnvironmentErrorCode, resolveOptions } from '../src';

describe('resolveOptions (provide.wsIsolation)', () => {
  test('nothing provided: the defaults', () => {
    expect(resolveOptions(undefined)).toEqual({ ...DEFAULT_ISOLATION_OPTIONS, teardownTimeoutMs: 6100 });
  });

  test('given options are kept', () => {
    expect(resolveOptions({ onLeak: 'warn', cleanupTimeoutMs: 200 })).toMatchObject({
      onLeak: 'warn',
      cleanupTimeoutMs: 200,
    });
  });

  test.each([
    ['an unknown key', { onLeek: 'fail' }],
    ['a key only the Jest environment has', { mockWebSocket: true }],
    ['a bad value', { onLeak: 'explode' }],
    ['a negative time', { cleanupTimeoutMs: -1 }],
    ['not an object', 'fail'],
  ])('%s is refused with ERR_WSI_INVALID_OPTION', (_what, raw) => {
    expect(() => resolveOptions(raw)).toThrow(expect.objectContaining({ code: EnvironmentErrorCode.INVALID_OPTION }));
  });
});
