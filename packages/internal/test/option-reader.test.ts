import { fakeableClock } from '../src/clock';
import { OptionReader } from '../src/option-reader';

class OptionError extends Error {
  readonly code = 'ERR_WSI_INVALID_OPTION';
}

const read = new OptionReader('Connection', (message) => new OptionError(message));
const KNOWN = ['url', 'reconnect', 'closeTimeoutMs'];

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

function messageOf(fn: () => unknown): string {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(OptionError);
  return (error as Error).message;
}

describe('OptionReader.object', () => {
  it('passes an object with known keys through and reads undefined as undefined', () => {
    const given = { url: 'ws://x', reconnect: false };
    expect(read.object(given, KNOWN)).toBe(given);
    expect(read.object(undefined, KNOWN)).toBeUndefined();
  });

  it('refuses a misspelt key and names the one it probably meant', () => {
    expect(messageOf(() => read.object({ url: 'ws://x', reconect: false }, KNOWN))).toBe(
      'Connection has no option "reconect"; did you mean "reconnect"?',
    );
  });

  it('lists the options when no known one is close', () => {
    expect(messageOf(() => read.object({ foo: 1 }, KNOWN))).toBe(
      'Connection has no option "foo"; the options are url, reconnect, closeTimeoutMs',
    );
  });

  it('names the option that holds a nested object', () => {
    expect(messageOf(() => read.object({ maxAttempt: 1 }, ['maxAttempts'], 'reconnect'))).toBe(
      'Connection option reconnect has no option "maxAttempt"; did you mean "maxAttempts"?',
    );
  });

  it.each([
    ['__proto__ from JSON', JSON.parse('{"__proto__": {"url": "ws://x"}}') as unknown],
    ['toString', { toString: () => 'x' }],
    ['constructor', { constructor: Object }],
    ['a non-enumerable key', Object.defineProperty({}, 'hidden', { value: 1, enumerable: false })],
  ])('refuses %s as an unknown own key', (_what, value) => {
    expect(thrownBy(() => read.object(value, KNOWN))).toBeInstanceOf(OptionError);
  });

  it.each([null, 5, 'x', [], () => undefined])('refuses %p as the options object', (value) => {
    expect(thrownBy(() => read.object(value, KNOWN))).toBeInstanceOf(OptionError);
  });

  it('words a bad top-level and a bad nested object differently', () => {
    expect(messageOf(() => read.object(5, KNOWN))).toBe('Connection options must be an object; received 5');
    expect(messageOf(() => read.object(5, KNOWN, 'reconnect'))).toBe(
      'Connection option reconnect must be an object; received 5',
    );
  });
});

describe('OptionReader value readers', () => {
  it('words every refusal as "<subject> option <name> must be <expected>; received <value>"', () => {
    expect(messageOf(() => read.count('reconnectDelayMs', -1, 0))).toBe(
      'Connection option reconnectDelayMs must be an integer >= 0; received -1',
    );
    expect(messageOf(() => read.ms('closeTimeoutMs', 'soon'))).toBe(
      'Connection option closeTimeoutMs must be a finite number >= 0; received "soon"',
    );
  });

  it.each<[string, (value: unknown) => unknown, unknown[], unknown[]]>([
    ['ms', (v) => read.ms('x', v), [0, 1.5, 1e9], [-1, Number.NaN, Infinity, '1', null]],
    ['ms with Infinity', (v) => read.ms('x', v, { infinity: true }), [0, Infinity], [-1, Number.NaN, -Infinity]],
    ['positiveMs', (v) => read.positiveMs('x', v), [0.5, 10], [0, -1, Infinity, Number.NaN]],
    ['count', (v) => read.count('x', v, 1), [1, 2 ** 40], [0, 1.5, Infinity, 2 ** 60, '2']],
    ['count with Infinity', (v) => read.count('x', v, 0, { infinity: true }), [0, Infinity], [-1, 0.5]],
    ['string', (v) => read.string('x', v), ['a'], ['', 1, null]],
    ['function', (v) => read.function('x', v), [() => 1], [1, {}, null]],
    ['oneOf', (v) => read.oneOf('x', v, ['a', 'b']), ['a', 'b'], ['c', 1]],
    ['clock', (v) => read.clock('x', v), [fakeableClock], [{}, { now: () => 1 }, null, 1]],
    ['signal', (v) => read.signal('x', v), [new AbortController().signal], [{}, null, 'signal']],
  ])('%s accepts good values, refuses bad ones, and reads undefined as undefined', (_name, reader, good, bad) => {
    expect(reader(undefined)).toBeUndefined();
    for (const value of good) expect(reader(value)).toBe(value);
    for (const value of bad) expect(thrownBy(() => reader(value))).toBeInstanceOf(OptionError);
  });

  it('names every allowed value of oneOf in full', () => {
    expect(messageOf(() => read.oneOf('mode', 'fast', ['warm', 'process']))).toBe(
      'Connection option mode must be one of "warm", "process"; received "fast"',
    );
  });

  it('bounds the value it shows', () => {
    expect(messageOf(() => read.count('x', 'y'.repeat(10_000), 0)).length).toBeLessThan(300);
  });
});
