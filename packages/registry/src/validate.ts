import { OptionReader, show } from '@ws-isolation/internal';
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

/** Reads the options of one method or constructor, refusing unknown keys, with ERR_WSI_INVALID_OPTION. */
export function optionReader(subject: string): OptionReader {
  return new OptionReader(subject, (message) => new RegistryError(RegistryErrorCode.INVALID_OPTION, message));
}
