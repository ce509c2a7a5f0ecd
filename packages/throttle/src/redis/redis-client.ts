import { ThrottleError, ThrottleErrorCode } from '../errors';
import { SCRIPTS, type ScriptName } from './scripts';

/**
 * What the store uses of a Redis client: the shape of an `ioredis` client. It
 * is written out here, rather than imported from `ioredis`, so that the types
 * of this entry point resolve without `ioredis` installed.
 */
export interface RedisClientLike {
  /** `"ready"` once connected; `"end"` after `quit()` or when it gave up reconnecting. */
  readonly status: string;
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  /** A new connection with the same options, for the subscription. */
  duplicate(): RedisClientLike;
  subscribe(...channels: string[]): Promise<unknown>;
  ping(): Promise<unknown>;
  on(event: string, listener: (...args: never[]) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

export const CLIENT_METHODS: readonly string[] = ['eval', 'duplicate', 'subscribe', 'ping', 'on', 'quit', 'disconnect'];

/**
 * Runs a script by its text. Redis keeps a compiled copy of every script it
 * was sent, so this costs the bytes of the text, not a compile. Not by its
 * hash first: a server that does not know a script (a fresh or restarted one)
 * answers NOSCRIPT, and the retry by text would reach it after the commands
 * sent meanwhile: a release sent before an acquire would then run after it.
 * One connection and one command per call keep the scripts of one process in
 * the order they were sent.
 */
export function runScript(
  client: RedisClientLike,
  name: ScriptName,
  args: ReadonlyArray<string | number>,
): Promise<unknown> {
  return client.eval(SCRIPTS[name], 1, ...args);
}

/** Connects to `url` with ioredis, loaded only now: the package does not depend on it. */
export async function connectByUrl(url: string): Promise<RedisClientLike> {
  let Redis: new (url: string, options: object) => RedisClientLike;
  try {
    // require, not import(): a dynamic import fails inside Jest's module sandbox (it needs
    // --experimental-vm-modules), and ioredis is CommonJS. The ESM build defines require (tsup.config.ts).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ Redis } = require('ioredis') as { Redis: typeof Redis });
  } catch (error) {
    throw new ThrottleError(
      ThrottleErrorCode.REDIS_CLIENT_MISSING,
      'createRedisStore({ url }) needs the ioredis package (a peer dependency): npm install ioredis',
      { cause: error },
    );
  }
  return new Redis(url, {
    // Reconnect quickly and for ever; each call has its own deadline (commandTimeoutMs).
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
    maxRetriesPerRequest: null,
    connectionName: 'ws-isolation-throttle',
  });
}
