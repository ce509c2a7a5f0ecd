import { show, SHOW_MAX_LENGTH } from '../src/show';

describe('show', () => {
  it.each<[string, unknown, string]>([
    ['a string, quoted', 'abc', '"abc"'],
    ['a number', -1, '-1'],
    ['NaN', Number.NaN, 'NaN'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a bigint', 10n, '10n'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
    ['a named function', function named() {}, 'function named'],
    ['an object as JSON', { a: 1 }, '{"a":1}'],
    ['an array as JSON', [1, 'x'], '[1,"x"]'],
  ])('renders %s', (_what, value, expected) => {
    expect(show(value)).toBe(expected);
  });

  it('renders an anonymous function by saying so', () => {
    expect(show([() => 1][0])).toBe('function (anonymous)');
  });

  it('falls back to the tag for a circular object and for a throwing toJSON', () => {
    const circular: { self?: unknown } = {};
    circular.self = circular;
    expect(show(circular)).toBe('[object Object]');
    expect(
      show({
        toJSON() {
          throw new Error('no');
        },
      }),
    ).toBe('[object Object]');
  });

  it('renders an object whose JSON is undefined by its tag', () => {
    expect(show({ toJSON: () => undefined })).toBe('[object Object]');
  });

  it('bounds long strings and long objects to the maximum length plus an ellipsis', () => {
    const long = 'x'.repeat(10_000);
    expect(show(long)).toHaveLength(SHOW_MAX_LENGTH + 1);
    expect(show(long).endsWith('…')).toBe(true);
    expect(show({ long })).toHaveLength(SHOW_MAX_LENGTH + 1);
    expect(show('abcdef', 3)).toBe('"ab…');
  });

  it('does not cut a rendering that fits', () => {
    const exact = 'y'.repeat(SHOW_MAX_LENGTH - 2);
    expect(show(exact)).toBe(JSON.stringify(exact));
  });
});
