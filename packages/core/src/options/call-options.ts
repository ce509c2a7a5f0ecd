import { OptionReader } from '@ws-isolation/internal';
import { CoreError, CoreErrorCode } from '../errors';

/** Options of `connect()`. */
export interface ConnectOptions {
  /** Aborting it stops the attempt in flight; `connect()` rejects with ERR_WSI_ABORTED. */
  signal?: AbortSignal;
}

/** Options of `close()`. */
export interface CloseOptions {
  /**
   * The close code sent to the server: 1000, or 3000–4999.
   * @default 1000
   */
  code?: number;
  /**
   * The close reason, at most 123 bytes of UTF-8.
   * @default ''
   */
  reason?: string;
  /**
   * How long to wait for the server's close before terminating.
   * @default the connection's closeTimeoutMs (1000)
   */
  timeoutMs?: number;
}

const MAX_REASON_BYTES = 123;

const invalidOption = (message: string): CoreError => new CoreError(CoreErrorCode.INVALID_OPTION, message);
const read = new OptionReader('close()', invalidOption);
const readConnect = new OptionReader('connect()', invalidOption);
const CONNECT_KEYS = Object.keys({ signal: true } satisfies Record<keyof ConnectOptions, true>);

/** Validates `connect()` options. */
export function readConnectOptions(options: unknown): ConnectOptions {
  const given: ConnectOptions = readConnect.object(options, CONNECT_KEYS) ?? {};
  return { signal: readConnect.signal('signal', given.signal) };
}
const CLOSE_KEYS = Object.keys({ code: true, reason: true, timeoutMs: true } satisfies Record<
  keyof CloseOptions,
  true
>);

/** Validates `close()` options the way a WHATWG socket would, but with a coded error. */
export function readCloseOptions(options: unknown, defaultTimeoutMs: number): Required<CloseOptions> {
  const given: CloseOptions = read.object(options, CLOSE_KEYS) ?? {};
  const { code = 1000, reason = '', timeoutMs = defaultTimeoutMs } = given;
  if (typeof code !== 'number' || !(code === 1000 || (Number.isInteger(code) && code >= 3000 && code <= 4999))) {
    throw read.invalid('code', '1000 or an integer in 3000–4999', code);
  }
  if (typeof reason !== 'string' || new TextEncoder().encode(reason).byteLength > MAX_REASON_BYTES) {
    throw read.invalid('reason', `a string of at most ${MAX_REASON_BYTES} UTF-8 bytes`, reason);
  }
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw read.invalid('timeoutMs', 'a finite number >= 0', timeoutMs);
  }
  return { code, reason, timeoutMs };
}
