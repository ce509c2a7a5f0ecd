import type { Clock } from './clock';
import { closestName } from './closest-name';
import { show } from './show';

/** Makes the package's own coded error (`ERR_WSI_INVALID_OPTION`) from a finished message. */
export type InvalidOptionError = (message: string) => Error;

/**
 * Reads one owner's options (a constructor's, a function's) with one message
 * format everywhere:
 *
 * - `Connection option reconnectDelayMs must be an integer >= 0; received -1`
 * - `Connection has no option "reconect"; did you mean "reconnect"?`
 *
 * Every reader returns `undefined` for `undefined`, so the caller writes its
 * default once, next to the option: `read.ms('closeTimeoutMs', given.closeTimeoutMs) ?? 1000`.
 */
export class OptionReader {
  readonly #subject: string;
  readonly #toError: InvalidOptionError;

  /**
   * @param subject who owns the options, as the message names it: `'Connection'`, `'cleanupAll()'`
   * @param toError wraps a message in the package's error with code `ERR_WSI_INVALID_OPTION`
   */
  constructor(subject: string, toError: InvalidOptionError) {
    this.#subject = subject;
    this.#toError = toError;
  }

  /** `<subject> option <name> must be <expected>; received <value>`. */
  invalid(name: string, expected: string, value: unknown): Error {
    return this.#toError(`${this.#subject} option ${name} must be ${expected}; received ${show(value)}`);
  }

  /**
   * An options object with only `known` own keys, or undefined. Keys are
   * checked as own keys against the list, so `__proto__` (from JSON) and
   * `toString` are unknown like any misspelling. `name` is the option that
   * holds a nested object (`'reconnect'`); without it, the owner's options.
   */
  object<T extends object = Record<string, unknown>>(
    value: unknown,
    known: readonly string[],
    name?: string,
  ): Partial<T> | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      if (name !== undefined) throw this.invalid(name, 'an object', value);
      throw this.#toError(`${this.#subject} options must be an object; received ${show(value)}`);
    }
    // A loop, not find(): hot constructors read their options here.
    const keys = Object.getOwnPropertyNames(value);
    for (let i = 0; i < keys.length; i += 1) if (!known.includes(keys[i]!)) throw this.unknown(keys[i]!, known, name);
    return value as Partial<T>;
  }

  /** `<subject> has no option "<key>"; did you mean "<closest>"?` (or the list of known options). */
  unknown(key: string, known: readonly string[], name?: string): Error {
    const owner = name === undefined ? this.#subject : `${this.#subject} option ${name}`;
    const closest = closestName(key, known);
    const hint =
      closest !== undefined ? `did you mean ${JSON.stringify(closest)}?` : `the options are ${known.join(', ')}`;
    return this.#toError(`${owner} has no option ${show(key)}; ${hint}`);
  }

  /** A number of milliseconds: finite and >= 0 (or `Infinity` when allowed). */
  ms(name: string, value: unknown, options: { infinity?: boolean } = {}): number | undefined {
    if (value === undefined) return undefined;
    const infinity = options.infinity ?? false;
    const ok = typeof value === 'number' && value >= 0 && (Number.isFinite(value) || (infinity && value === Infinity));
    if (!ok) throw this.invalid(name, infinity ? 'a number >= 0 (or Infinity)' : 'a finite number >= 0', value);
    return value;
  }

  /** A number of milliseconds greater than 0. */
  positiveMs(name: string, value: unknown): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw this.invalid(name, 'a finite number > 0', value);
    }
    return value;
  }

  /** A safe integer >= `min` (or `Infinity` when allowed). */
  count(name: string, value: unknown, min: number, options: { infinity?: boolean } = {}): number | undefined {
    if (value === undefined) return undefined;
    const infinity = options.infinity ?? false;
    const ok =
      typeof value === 'number' && value >= min && (Number.isSafeInteger(value) || (infinity && value === Infinity));
    if (!ok) throw this.invalid(name, `an integer >= ${min}${infinity ? ' (or Infinity)' : ''}`, value);
    return value;
  }

  /** A non-empty string. */
  string(name: string, value: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value === '') throw this.invalid(name, 'a non-empty string', value);
    return value;
  }

  /** A function. */
  function<F extends (...args: never[]) => unknown>(name: string, value: unknown): F | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'function') throw this.invalid(name, 'a function', value);
    return value as F;
  }

  /** One of a fixed set of values. */
  oneOf<T>(name: string, value: unknown, allowed: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (!allowed.includes(value as T))
      throw this.invalid(name, `one of ${allowed.map((entry) => show(entry)).join(', ')}`, value);
    return value as T;
  }

  /** An object with `now()`, `setTimeout(fn, ms)` and `clearTimeout(id)`. */
  clock(name: string, value: unknown): Clock | undefined {
    if (value === undefined) return undefined;
    const clock = value as Partial<Clock> | null;
    if (
      typeof clock !== 'object' ||
      clock === null ||
      typeof clock.now !== 'function' ||
      typeof clock.setTimeout !== 'function' ||
      typeof clock.clearTimeout !== 'function'
    ) {
      throw this.invalid(name, 'an object with now(), setTimeout(fn, ms) and clearTimeout(id)', value);
    }
    return clock as Clock;
  }

  /** An AbortSignal (by shape, so a signal from another realm counts). */
  signal(name: string, value: unknown): AbortSignal | undefined {
    if (value === undefined) return undefined;
    const signal = value as Partial<AbortSignal> | null;
    if (
      typeof signal !== 'object' ||
      signal === null ||
      typeof signal.aborted !== 'boolean' ||
      typeof signal.addEventListener !== 'function' ||
      typeof signal.removeEventListener !== 'function'
    ) {
      throw this.invalid(name, 'an AbortSignal', value);
    }
    return signal as AbortSignal;
  }
}
