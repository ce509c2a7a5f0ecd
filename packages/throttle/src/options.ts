import { systemClock, type ThrottleClock } from './clock';
import { ThrottleError, ThrottleErrorCode } from './errors';

/** The default bound on how many waiters may queue. */
export const DEFAULT_MAX_QUEUE = 10_000;

/** A token bucket's refill rate: `tokens` every `intervalMs`, spread evenly. */
export interface RateOption {
  /** Tokens added per interval; a positive integer. */
  tokens: number;
  /** The interval in milliseconds; a positive finite number. */
  intervalMs: number;
}

export interface ThrottleOptions {
  /**
   * How many permits may be held at once. Either this or `rate` (or both) is required.
   * @example createThrottle({ concurrency: 5 })
   */
  concurrency?: number;
  /**
   * A token bucket: each grant takes one token, and `rate.tokens` tokens come
   * back every `rate.intervalMs`, one every `intervalMs / tokens` ms. The bucket
   * starts full. Either this or `concurrency` (or both) is required.
   * @example createThrottle({ rate: { tokens: 10, intervalMs: 1000 } }) // 10 per second
   */
  rate?: RateOption;
  /**
   * The bucket's capacity: how many grants may happen back to back after a quiet period. Needs `rate`.
   * @default rate.tokens
   */
  burst?: number;
  /**
   * How many waiters may queue; past it `acquire()` rejects with `ERR_WSI_THROTTLE_QUEUE_FULL`.
   * `0` means never wait: a permit is granted at once or refused.
   * @default 10000
   */
  maxQueue?: number;
  /**
   * The default `timeoutMs` of every `acquire()` that does not pass its own.
   * @default none: a waiter waits until granted, aborted or the throttle is closed
   */
  timeoutMs?: number;
  /**
   * Where time comes from.
   * @default `performance.now()` and the global timers, looked up at each call (so Jest fake timers drive it)
   * @example createThrottle({ rate, clock: new ManualClock() })
   */
  clock?: ThrottleClock;
}

export interface AcquireOptions {
  /** Aborting it removes the waiter at once and rejects with `ERR_WSI_ABORTED`; no effect once granted. */
  signal?: AbortSignal;
  /**
   * Waiters are served first in, first out within a key, and round robin across keys,
   * so one busy key (a server, a client) cannot starve the others.
   * @default one shared key
   * @example throttle.acquire({ key: url })
   */
  key?: string;
  /**
   * How long to wait for a permit before rejecting with `ERR_WSI_THROTTLE_TIMEOUT`.
   * `0` means: grant now or reject now.
   * @default the throttle's `timeoutMs`, else none
   */
  timeoutMs?: number;
}

/** Options after validation, with defaults applied. */
export interface ResolvedThrottleOptions {
  concurrency: number | undefined;
  rate: { tokens: number; intervalMs: number; burst: number } | undefined;
  maxQueue: number;
  timeoutMs: number | undefined;
  clock: ThrottleClock;
}

const THROTTLE_KEYS: readonly string[] = ['concurrency', 'rate', 'burst', 'maxQueue', 'timeoutMs', 'clock'];
const RATE_KEYS: readonly string[] = ['tokens', 'intervalMs'];
const ACQUIRE_KEYS: readonly string[] = ['signal', 'key', 'timeoutMs'];

export function resolveThrottleOptions(options: unknown): ResolvedThrottleOptions {
  const given = readObject('createThrottle(options)', options, THROTTLE_KEYS) ?? {};
  const concurrency = readCount('concurrency', given.concurrency, 1);
  const rateObject = readObject('rate', given.rate, RATE_KEYS);
  if (concurrency === undefined && rateObject === undefined) {
    throw invalid(`createThrottle() needs concurrency or rate (or both); received ${show(options)}`);
  }
  let rate: ResolvedThrottleOptions['rate'];
  if (rateObject !== undefined) {
    const tokens = required('rate.tokens', readCount('rate.tokens', rateObject.tokens, 1));
    const intervalMs = required('rate.intervalMs', readPositive('rate.intervalMs', rateObject.intervalMs));
    rate = { tokens, intervalMs, burst: readCount('burst', given.burst, 1) ?? tokens };
  } else if (given.burst !== undefined) {
    throw invalid(`burst needs rate; received burst ${show(given.burst)} without rate`);
  }
  return {
    concurrency,
    rate,
    maxQueue: readCount('maxQueue', given.maxQueue, 0) ?? DEFAULT_MAX_QUEUE,
    timeoutMs: readTimeout('timeoutMs', given.timeoutMs),
    clock: readClock(given.clock) ?? systemClock(),
  };
}

/** Validated acquire options; `timeoutMs` falls back to the throttle's. */
export function resolveAcquireOptions(
  options: unknown,
  fallbackTimeoutMs: number | undefined,
): { signal?: AbortSignal; key: string | undefined; timeoutMs: number | undefined } {
  const given = readObject('acquire(options)', options, ACQUIRE_KEYS) ?? {};
  const signal = given.signal;
  if (signal !== undefined && !isAbortSignal(signal)) {
    throw invalid(`signal must be an AbortSignal; received ${show(signal)}`);
  }
  if (given.key !== undefined && typeof given.key !== 'string') {
    throw invalid(`key must be a string; received ${show(given.key)}`);
  }
  return { signal, key: given.key, timeoutMs: readTimeout('timeoutMs', given.timeoutMs) ?? fallbackTimeoutMs };
}

function isAbortSignal(value: unknown): value is AbortSignal {
  const candidate = value as Partial<AbortSignal> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.aborted === 'boolean' &&
    typeof candidate.addEventListener === 'function' &&
    typeof candidate.removeEventListener === 'function'
  );
}

/**
 * An options object with only `known` keys, or undefined. A misspelt option
 * would otherwise be ignored without a word; an own `__proto__` key (from
 * JSON) is an unknown key like any other.
 */
function readObject(name: string, value: unknown, known: readonly string[]): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`${name} must be an object; received ${show(value)}`);
  const unknownKey = Object.keys(value).find((key) => !known.includes(key));
  if (unknownKey !== undefined)
    throw invalid(`${name} has an unknown option ${show(unknownKey)}; expected one of ${known.join(', ')}`);
  return value as Record<string, unknown>;
}

/** An integer >= min (a safe integer), or undefined. */
function readCount(name: string, value: unknown, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(`${name} must be an integer >= ${min}; received ${show(value)}`);
  }
  return value;
}

function readPositive(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw invalid(`${name} must be a finite number > 0; received ${show(value)}`);
  return value;
}

function readTimeout(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw invalid(`${name} must be a finite number >= 0; received ${show(value)}`);
  return value;
}

function readClock(value: unknown): ThrottleClock | undefined {
  if (value === undefined) return undefined;
  const clock = value as Partial<ThrottleClock> | null;
  if (
    typeof clock !== 'object' ||
    clock === null ||
    typeof clock.now !== 'function' ||
    typeof clock.setTimeout !== 'function' ||
    typeof clock.clearTimeout !== 'function'
  ) {
    throw invalid(`clock must be an object with now, setTimeout and clearTimeout; received ${show(value)}`);
  }
  return clock as ThrottleClock;
}

function required<T>(name: string, value: T | undefined): T {
  if (value === undefined) throw invalid(`${name} is required when rate is given; received undefined`);
  return value;
}

function invalid(message: string): ThrottleError {
  return new ThrottleError(ThrottleErrorCode.INVALID_OPTION, message);
}

function show(value: unknown): string {
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
