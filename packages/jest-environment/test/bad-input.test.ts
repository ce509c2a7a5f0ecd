import { thrownBy } from '@ws-isolation/test-utils';
import { DEFAULT_OPTIONS, EnvironmentError, resolveOptions } from '../src';

const DEFAULTS_BEFORE = JSON.stringify(DEFAULT_OPTIONS);

/** The parser still reads good options, and nothing shared was changed. */
function expectParserUsable(): void {
  expect(resolveOptions({ onLeak: 'warn', cleanupTimeoutMs: 10 })).toMatchObject({
    onLeak: 'warn',
    cleanupTimeoutMs: 10,
    teardownTimeoutMs: 5000,
  });
  expect(JSON.stringify(DEFAULT_OPTIONS)).toBe(DEFAULTS_BEFORE);
  expect(({} as Record<string, unknown>).onLeak).toBeUndefined();
}

describe('testEnvironmentOptions.wsIsolation with bad input', () => {
  const cases: Array<[string, unknown, string]> = [
    ['wsIsolation null', null, 'testEnvironmentOptions.wsIsolation must be an object'],
    ['wsIsolation a string', 'loud', 'testEnvironmentOptions.wsIsolation must be an object'],
    ['wsIsolation a number', 5, 'testEnvironmentOptions.wsIsolation must be an object'],
    ['wsIsolation true', true, 'testEnvironmentOptions.wsIsolation must be an object'],
    ['wsIsolation an array', [{ onLeak: 'warn' }], 'testEnvironmentOptions.wsIsolation must be an object'],
    ['onLeak unknown', { onLeak: 'loud' }, '.onLeak'],
    ['onLeak in capitals', { onLeak: 'FAIL' }, '.onLeak'],
    ['onLeak empty', { onLeak: '' }, '.onLeak'],
    ['onLeak null', { onLeak: null }, '.onLeak'],
    ['onLeak true', { onLeak: true }, '.onLeak'],
    ['cleanupTimeoutMs negative', { cleanupTimeoutMs: -1 }, '.cleanupTimeoutMs'],
    ['cleanupTimeoutMs NaN', { cleanupTimeoutMs: Number.NaN }, '.cleanupTimeoutMs'],
    ['cleanupTimeoutMs Infinity', { cleanupTimeoutMs: Number.POSITIVE_INFINITY }, '.cleanupTimeoutMs'],
    ['cleanupTimeoutMs a string', { cleanupTimeoutMs: '100' }, '.cleanupTimeoutMs'],
    ['cleanupTimeoutMs null', { cleanupTimeoutMs: null }, '.cleanupTimeoutMs'],
    ['teardownTimeoutMs negative', { teardownTimeoutMs: -1 }, '.teardownTimeoutMs'],
    ['teardownTimeoutMs NaN', { teardownTimeoutMs: Number.NaN }, '.teardownTimeoutMs'],
    ['teardownTimeoutMs Infinity', { teardownTimeoutMs: Number.POSITIVE_INFINITY }, '.teardownTimeoutMs'],
    ['teardownTimeoutMs a string', { teardownTimeoutMs: '5000' }, '.teardownTimeoutMs'],
    [
      'teardownTimeoutMs below cleanupTimeoutMs',
      { cleanupTimeoutMs: 500, teardownTimeoutMs: 100 },
      '.teardownTimeoutMs',
    ],
    [
      'teardownTimeoutMs with no room for the socket grace',
      { cleanupTimeoutMs: 500, socketGraceMs: 50, teardownTimeoutMs: 550 },
      '.teardownTimeoutMs',
    ],
    ['socketGraceMs negative', { socketGraceMs: -1 }, '.socketGraceMs'],
    ['socketGraceMs NaN', { socketGraceMs: Number.NaN }, '.socketGraceMs'],
    ['socketGraceMs a string', { socketGraceMs: '50' }, '.socketGraceMs'],
    ['log unknown', { log: 'verbose' }, '.log'],
    ['log true', { log: true }, '.log'],
    ['log in capitals', { log: 'INFO' }, '.log'],
    ['log a number', { log: 1 }, '.log'],
    ['log null', { log: null }, '.log'],
    ['watchSockets a string', { watchSockets: 'yes' }, '.watchSockets'],
    ['watchSockets a number', { watchSockets: 1 }, '.watchSockets'],
    ['watchServers a string', { watchServers: 'yes' }, '.watchServers'],
    ['connectTimeoutMs negative', { connectTimeoutMs: -1 }, '.connectTimeoutMs'],
    ['connectTimeoutMs a string', { connectTimeoutMs: '1000' }, '.connectTimeoutMs'],
    ['mockWebSocket a string', { mockWebSocket: 'yes' }, '.mockWebSocket'],
    [
      'teardownTimeoutMs with no room for connection attempts',
      { cleanupTimeoutMs: 100, socketGraceMs: 0, connectTimeoutMs: 1000, teardownTimeoutMs: 1100 },
      '.teardownTimeoutMs',
    ],
    ['allowLeaks not an array', { allowLeaks: 'socket' }, '.allowLeaks'],
    ['allowLeaks an object', { allowLeaks: { kind: 'socket' } }, '.allowLeaks'],
    ['an empty allowLeaks entry', { allowLeaks: [{}] }, '.allowLeaks[0]'],
    ['an allowLeaks entry that is a string', { allowLeaks: ['socket'] }, '.allowLeaks[0]'],
    ['an allowLeaks entry with an unknown field', { allowLeaks: [{ kind: 'socket', id: 'x' }] }, '.allowLeaks[0]'],
    ['an allowLeaks entry with an empty kind', { allowLeaks: [{ kind: '' }] }, '.allowLeaks[0].kind'],
    ['an allowLeaks label that is not a string', { allowLeaks: [{ label: 5 }] }, '.allowLeaks[0].label'],
    ['an unknown key', { onleak: 'warn' }, '"onleak"'],
    ['the unknown key toString', { toString: 'x' }, '"toString"'],
    ['the unknown key constructor', { constructor: 'x' }, '"constructor"'],
    ['the unknown key hasOwnProperty', { hasOwnProperty: 1 }, '"hasOwnProperty"'],
    ['a __proto__ key from JSON', JSON.parse('{"onLeak":"fail","__proto__":{"onLeak":"ignore"}}'), '"__proto__"'],
    [
      'a __proto__ key from JSON in an allowLeaks entry',
      JSON.parse('{"allowLeaks":[{"kind":"socket","__proto__":{"label":"x"}}]}'),
      '.allowLeaks[0]',
    ],
  ];

  it.each(cases)('refuses %s with ERR_WSI_INVALID_OPTION naming the option', (_name, raw, option) => {
    const error = thrownBy(() => resolveOptions(raw));
    expect(error).toBeInstanceOf(EnvironmentError);
    expect(error).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION', message: expect.stringContaining(option) });
    // Node's style, so the code shows where Jest prints only the stack.
    expect((error as Error).stack).toMatch(/^EnvironmentError \[ERR_WSI_INVALID_OPTION\]: /);
    expectParserUsable();
  });

  it('shows the value it received', () => {
    expect(thrownBy(() => resolveOptions({ teardownTimeoutMs: 'soon' }))).toMatchObject({
      message: expect.stringContaining('received "soon"'),
    });
    expect(thrownBy(() => resolveOptions({ log: 'verbose' }))).toMatchObject({
      message: expect.stringContaining('received "verbose"'),
    });
  });

  it('does not take options from an object’s prototype', () => {
    expect(resolveOptions(Object.create({ onLeak: 'ignore', log: 'debug' }) as object)).toMatchObject({
      onLeak: 'fail',
      log: false,
    });
    expectParserUsable();
  });
});
