import { ThrottleError, ThrottleErrorCode } from './errors';

/**
 * An options object with only `known` keys, or undefined. A misspelt option
 * would otherwise be ignored without a word; an own `__proto__` key (from
 * JSON) is an unknown key like any other.
 */
export function readObject(
  name: string,
  value: unknown,
  known: readonly string[],
): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${name} must be an object; received ${show(value)}`);
  const unknownKey = Object.keys(value).find((key) => !known.includes(key));
  if (unknownKey !== undefined)
    throw invalid(`${name} has an unknown option ${show(unknownKey)}; expected one of ${known.join(', ')}`);
  return value as Record<string, unknown>;
}

/** An integer >= min (a safe integer), or undefined. */
export function readCount(name: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(`${name} must be an integer >= ${min}; received ${show(value)}`);
  }
  return value;
}

export function readPositive(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw invalid(`${name} must be a finite number > 0; received ${show(value)}`);
  return value;
}

export function readTimeout(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw invalid(`${name} must be a finite number >= 0; received ${show(value)}`);
  return value;
}

/** One of `choices`, or undefined. */
export function readChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value))
    throw invalid(
      `${name} must be one of ${choices.map((choice) => show(choice)).join(', ')}; received ${show(value)}`,
    );
  return value as T;
}

/** An object that has every one of `methods` as a function, or undefined. */
export function readMethods<T>(name: string, value: unknown, methods: readonly string[]): T | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Record<string, unknown> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !methods.every((method) => typeof candidate[method] === 'function')
  ) {
    throw invalid(`${name} must be an object with ${methods.join(', ')}; received ${show(value)}`);
  }
  return value as T;
}

export function invalid(message: string): ThrottleError {
  return new ThrottleError(ThrottleErrorCode.INVALID_OPTION, message);
}

/** The value received, as an error message shows it. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
