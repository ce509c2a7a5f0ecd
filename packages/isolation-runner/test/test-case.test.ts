import { escapeRegExp, exactNamePattern } from '../src';

describe('exactNamePattern', () => {
  const name = 'math (a|b) adds [1+1] $x.* / ^y?';

  it('matches the full name and nothing longer or shorter, as Jest compiles it', () => {
    const pattern = new RegExp(exactNamePattern([name]), 'i');
    expect(pattern.test(name)).toBe(true);
    expect(pattern.test(`${name} more`)).toBe(false);
    expect(pattern.test(`describe ${name}`)).toBe(false);
    expect(pattern.test('math a adds 11 x / y')).toBe(false);
  });

  it('matches each of several names exactly', () => {
    const pattern = new RegExp(exactNamePattern(['a b', 'c', 'a b']), 'i');
    expect(['a b', 'c', 'a', 'b c'].map((text) => pattern.test(text))).toEqual([true, true, false, false]);
  });

  it('escapes every regex metacharacter', () => {
    expect(new RegExp(escapeRegExp('.*+?^${}()|[]\\/-')).test('.*+?^${}()|[]\\/-')).toBe(true);
  });
});
