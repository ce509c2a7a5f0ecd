import { RegistryError, RegistryErrorCode } from './errors';
import type { TrackedInstance } from './types';

const REQUIRED_METHODS = ['describe', 'close', 'terminate'] as const;

/** Throws ERR_WSI_INVALID_INSTANCE naming the first member that is missing or wrong. */
export function assertTrackedInstance(value: unknown): asserts value is TrackedInstance {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    throw new RegistryError(
      RegistryErrorCode.INVALID_INSTANCE,
      `track() expects an object with id, kind, describe, close and terminate; received ${show(value)}`,
    );
  }
  for (const key of ['id', 'kind'] as const) {
    const member = readMember(value, key);
    if (typeof member !== 'string' || member === '') {
      throw new RegistryError(
        RegistryErrorCode.INVALID_INSTANCE,
        `track() expects instance.${key} to be a non-empty string; received ${show(member)}`,
      );
    }
  }
  for (const key of REQUIRED_METHODS) {
    const member = readMember(value, key);
    if (typeof member !== 'function') {
      throw new RegistryError(
        RegistryErrorCode.INVALID_INSTANCE,
        `track() expects instance.${key} to be a function; received ${show(member)}`,
      );
    }
  }
}

/** Reads one member; a getter (or proxy trap) that throws is bad input, not a crash. */
function readMember(value: object, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch (error) {
    throw new RegistryError(
      RegistryErrorCode.INVALID_INSTANCE,
      `track() could not read instance.${key}: ${error instanceof Error ? error.message : show(error)}`,
    );
  }
}

/** An options object: `undefined` reads as `{}`, anything else that is not an object is refused. */
export function readOptions<T extends object>(name: string, value: unknown): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object') {
    throw new RegistryError(RegistryErrorCode.INVALID_OPTION, `${name} must be an object; received ${show(value)}`);
  }
  return value as Partial<T>;
}

/** A function, or undefined. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function readFunction(name: string, value: unknown): Function | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') {
    throw new RegistryError(RegistryErrorCode.INVALID_OPTION, `${name} must be a function; received ${show(value)}`);
  }
  return value;
}

/** A finite, non-negative number of milliseconds, or the default when undefined. */
export function readTimeout(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RegistryError(
      RegistryErrorCode.INVALID_OPTION,
      `${name} must be a finite number >= 0; received ${show(value)}`,
    );
  }
  return value;
}

/** A non-empty scope name, or undefined. */
export function readScope(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new RegistryError(
      RegistryErrorCode.INVALID_OPTION,
      `${name} must be a non-empty string; received ${show(value)}`,
    );
  }
  return value;
}

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
