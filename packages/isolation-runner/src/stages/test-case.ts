import type { TestCase } from '../types';

/** A key that tells tests apart: the file and the full name. */
export function testKey(test: Pick<TestCase, 'file' | 'fullName'>): string {
  return `${test.file}\u0000${test.fullName}`;
}

/** Escapes a string for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * A `--testNamePattern` that matches exactly these full names. Jest compiles
 * it case-insensitively, so two names that differ only in case both match.
 */
export function exactNamePattern(names: readonly string[]): string {
  const unique = [...new Set(names)];
  return `^(?:${unique.map(escapeRegExp).join('|')})$`;
}

/** A pattern no test name matches: Jest then collects every test and runs none. */
export const MATCH_NOTHING = '(?!)';

/** Files in first-appearance order. */
export function filesInOrder(tests: readonly TestCase[]): string[] {
  return [...new Set(tests.map((test) => test.file))];
}
