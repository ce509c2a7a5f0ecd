import { RegistryError, RegistryErrorCode } from './errors';
import type { TrackedInstance } from './types';

const REQUIRED_METHODS = ['describe', 'close', 'terminate'] as const;

/** Throws ERR_WSI_INVALID_INSTANCE naming the first member that is missing or wrong. */
export function assertTrackedInstance(value: unknown): asserts value is TrackedInstance {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    throw new RegistryError(RegistryErrorCode.INVALID_INSTANCE, `track() expects an object with id, kind, describe, close and terminate; received ${show(value)}`);
  }
  const candidate = value as Record<string, unknown>;
  for (const key of ['id', 'kind'] as const) {
    if (typeof candidate[key] !== 'string' || candidate[key] === '') {
      throw new RegistryError(RegistryErrorCode.INVALID_INSTANCE, `track() expects instance.${key} to be a non-empty string; received ${show(candidate[key])}`);
    }
  }
  for (const key of REQUIRED_METHODS) {
    if (typeof candidate[key] !== 'function') {
      throw new RegistryError(RegistryErrorCode.INVALID_INSTANCE, `track() expects instance.${key} to be a function; received ${show(candidate[key])}`);
    }
  }
}

/** A finite, non-negative number of milliseconds, or the default when undefined. */
export function readTimeout(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RegistryError(RegistryErrorCode.INVALID_OPTION, `${name} must be a finite number >= 0; received ${show(value)}`);
  }
  return value;
}

/** A non-empty scope name, or undefined. */
export function readScope(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new RegistryError(RegistryErrorCode.INVALID_OPTION, `${name} must be a non-empty string; received ${show(value)}`);
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
