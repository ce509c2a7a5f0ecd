/** The part of Jest's matcher context the matchers use (declared here so the types need no Jest). */
export interface MatcherContext {
  isNot?: boolean;
  equals(a: unknown, b: unknown): boolean;
  utils: { printReceived(value: unknown): string; printExpected(value: unknown): string };
}

function isAsymmetric(value: unknown): value is { asymmetricMatch(other: unknown): boolean } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { asymmetricMatch?: unknown }).asymmetricMatch === 'function'
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Partial matching: an object matches when every key it names matches
 * (recursively); arrays match element by element; asymmetric matchers
 * (`expect.any(String)`) are asked; anything else must be equal.
 */
function matchesPartially(actual: unknown, expected: unknown, equals: (a: unknown, b: unknown) => boolean): boolean {
  if (isAsymmetric(expected)) return expected.asymmetricMatch(actual);
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => matchesPartially(actual[index], item, equals))
    );
  }
  if (isPlainObject(expected)) {
    if (typeof actual !== 'object' || actual === null) return false;
    const record = actual as Record<string, unknown>;
    return Object.keys(expected).every((key) => key in record && matchesPartially(record[key], expected[key], equals));
  }
  return equals(actual, expected);
}

/** A text message matched against an object is parsed as JSON first. */
export function messageMatches(
  message: unknown,
  expected: unknown,
  equals: (a: unknown, b: unknown) => boolean,
): boolean {
  if (typeof message === 'string' && (isPlainObject(expected) || Array.isArray(expected))) {
    try {
      return matchesPartially(JSON.parse(message) as unknown, expected, equals);
    } catch {
      return false;
    }
  }
  return matchesPartially(message, expected, equals);
}
