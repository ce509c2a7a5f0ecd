import { OptionReader, show } from '@ws-isolation/internal';
import { ThrottleError, ThrottleErrorCode } from './errors';

/** The throttle's option readers: the shared message format, with the throttle's coded error. */
export function optionReader(subject: string): OptionReader {
  return new OptionReader(subject, invalid);
}

/** An object that has every one of `methods` as a function, or undefined. */
export function readMethods<T>(
  reader: OptionReader,
  name: string,
  value: unknown,
  methods: readonly string[],
): T | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Record<string, unknown> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !methods.every((method) => typeof candidate[method] === 'function')
  ) {
    throw reader.invalid(name, `an object with ${methods.join(', ')}`, value);
  }
  return value as T;
}

export function invalid(message: string): ThrottleError {
  return new ThrottleError(ThrottleErrorCode.INVALID_OPTION, message);
}

export { show };
