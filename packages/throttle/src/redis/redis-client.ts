import { createHash } from 'node:crypto';
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
  evalsha(sha: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  /** A new connection with the same options, for the subscription. */
  duplicate(): RedisClientLike;
  subscribe(...channels: string[]): Promise<unknown>;
  ping(): Promise<unknown>;
  on(event: string, listener: (...args: never[]) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

export const CLIENT_METHODS: readonly string[] = [
  'evalsha',
  'eval',
  'duplicate',
  'subscribe',
  'ping',
  'on',
  'quit',
  'disconnect',
];

const SHAS = Object.fromEntries(
  Object.entries(SCRIPTS).map(([name, source]) => [name, createHash('sha1').update(source).digest('hex')]),
) as Record<ScriptName, string>;

/**
 * Runs a script by its hash, and by its text when the server does not know it
 * (a fresh or restarted server). Both go over the same connection, so the
 * scripts of one process run in the order they were sent.
 */
export async function runScript(
  client: RedisClientLike,
  name: ScriptName,
  args: ReadonlyArray<string | number>,
): Promise<unknown> {
  try {
    return await client.evalsha(SHAS[name], 1, ...args);
  } catch (error) {
    if (!String((error as Error | undefined)?.message).startsWith('NOSCRIPT')) throw error;
    return client.eval(SCRIPTS[name], 1, ...args);
  }
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
