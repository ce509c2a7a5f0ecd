import { invalid, optionReader, readMethods, show } from '../option-readers';
import { CLIENT_METHODS, type RedisClientLike } from './redis-client';

/** What happens while Redis cannot be reached. */
export type FailMode = 'closed' | 'open';

interface CommonOptions {
  /**
   * Names the shared state: every throttle on every process that uses the same
   * Redis and the same name shares one cap. Its keys start with `wsi:throttle:{name}:`.
   * @default "default"
   */
  name?: string;
  /**
   * How long a permit (or a place in the queue) lasts without renewal. A
   * process renews its leases every third of it; one that dies frees its slots
   * within one lease. After a Redis restart, nothing is granted for one lease
   * from the server's start, so that holders can register again.
   * @default 5000
   */
  leaseMs?: number;
  /**
   * The deadline of each call to Redis. A call without an answer by then
   * counts as Redis being unreachable; an answer that arrived in time but
   * waited behind a blocked event loop is read first (at most one loop turn).
   * @default 2000
   */
  commandTimeoutMs?: number;
  /**
   * While Redis cannot be reached: `"closed"` grants nothing and rejects with
   * `ERR_WSI_THROTTLE_STORE_UNAVAILABLE`; `"open"` grants from an in-process
   * throttle with the same options, so each process keeps the cap on its own.
   * @default "closed"
   */
  failMode?: FailMode;
}

export interface RedisUrlStoreOptions extends CommonOptions {
  /**
   * A `redis://` or `rediss://` URL; the store connects with `ioredis` (a peer
   * dependency you install) and closes the connection in `close()`.
   * @example createRedisStore({ url: 'redis://127.0.0.1:6379' })
   */
  url: string;
  client?: undefined;
}

export interface RedisClientStoreOptions extends CommonOptions {
  /**
   * An `ioredis` client you made and close yourself. The store duplicates it
   * once for its subscription, and closes only that duplicate.
   */
  client: RedisClientLike;
  url?: undefined;
}

export type RedisStoreOptions = RedisUrlStoreOptions | RedisClientStoreOptions;

export interface ResolvedRedisStoreOptions {
  readonly url: string | undefined;
  readonly client: RedisClientLike | undefined;
  readonly name: string;
  readonly leaseMs: number;
  readonly commandTimeoutMs: number;
  readonly failMode: FailMode;
}

const KEYS: readonly string[] = ['url', 'client', 'name', 'leaseMs', 'commandTimeoutMs', 'failMode'];

/** Renewal every third of a lease needs a lease long enough to fit a few round trips. */
const MIN_LEASE_MS = 100;

const read = optionReader('createRedisStore()');

export function resolveRedisStoreOptions(options: unknown): ResolvedRedisStoreOptions {
  const given = read.object(options, KEYS);
  if (given === undefined) throw invalid('createRedisStore() needs { url } or { client }; received undefined');
  const url = readUrl(given.url);
  const client = readMethods<RedisClientLike>(read, 'client', given.client, CLIENT_METHODS);
  if ((url === undefined) === (client === undefined))
    throw invalid(`createRedisStore() needs exactly one of url and client; received ${show(options)}`);
  const name = given.name ?? 'default';
  if (typeof name !== 'string' || name.length === 0 || name.length > 200)
    throw read.invalid('name', 'a string of 1 to 200 characters', name);
  return {
    url,
    client,
    name,
    leaseMs: read.count('leaseMs', given.leaseMs, MIN_LEASE_MS) ?? 5000,
    commandTimeoutMs: read.count('commandTimeoutMs', given.commandTimeoutMs, 1) ?? 2000,
    failMode: read.oneOf<FailMode>('failMode', given.failMode, ['closed', 'open']) ?? 'closed',
  };
}

/** A URL ioredis would connect to: `redis:` or `rediss:`, a host, a port if any, a database number if any. */
function readUrl(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw read.invalid('url', 'a string', value);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw invalid(`url must be a redis:// or rediss:// URL; received ${show(value)}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw invalid(`url must be a redis:// or rediss:// URL; received ${show(value)}`);
  if (parsed.hostname === '') throw invalid(`url must name a host; received ${show(value)}`);
  if (!/^(\/(\d+)?)?$/.test(parsed.pathname))
    throw invalid(`url may end with a database number only (redis://host:port/0); received ${show(value)}`);
  return value;
}
