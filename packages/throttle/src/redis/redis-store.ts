import { randomBytes } from 'node:crypto';
import { ThrottleError, ThrottleErrorCode } from '../errors';
import type { StoreThrottleOptions, ThrottleStore } from '../store';
import type { Throttle } from '../throttle';
// Deadlines on Redis keep real time even under Jest fake timers (ioDeadline's default clock is unfakeable).
import { ioDeadline, type IoDeadline } from './io-deadline';
import { connectByUrl, runScript, type RedisClientLike } from './redis-client';
import { resolveRedisStoreOptions, type ResolvedRedisStoreOptions } from './redis-store-options';
import { RedisThrottle } from './redis-throttle';
import type { ScriptName } from './scripts';

/** A script's answer: its status, ms until a grant could happen without a release (-1: none), and granted ids. */
export interface ScriptReply {
  readonly status: string;
  readonly wakeIn: number;
  readonly ids: readonly string[];
}

/** A `ThrottleStore` that keeps the state in Redis; `close()` ends what it opened. */
export interface RedisStore extends ThrottleStore {
  readonly kind: 'redis';
  /** The store's options, with defaults applied. */
  readonly options: Omit<ResolvedRedisStoreOptions, 'client'>;
  /**
   * Connects now rather than at the first `acquire()`: resolves once Redis answers, rejects with
   * `ERR_WSI_THROTTLE_STORE_UNAVAILABLE` when it does not within `commandTimeoutMs`.
   */
  connect(): Promise<void>;
  /**
   * Closes every throttle made on it (waiters reject with `ERR_WSI_THROTTLE_CLOSED`),
   * gives back the permits still held, and closes the connections the store opened
   * (a client you passed stays open). Idempotent.
   */
  close(): Promise<void>;
}

/** The part of the store a throttle talks to. */
export interface StoreConnection {
  readonly leaseMs: number;
  readonly failMode: ResolvedRedisStoreOptions['failMode'];
  /** A fresh id for a waiter or permit, unique across processes. */
  newId(): string;
  /** Runs a script for a throttle with these options; rejects with a ThrottleError. */
  call(name: ScriptName, throttle: StoreThrottleOptions, args: ReadonlyArray<string | number>): Promise<ScriptReply>;
  /** Routes grants to the waiters of this process, whichever throttle they belong to. */
  dispatch(ids: readonly string[]): void;
  own(id: string, onGranted: () => void): void;
  disown(id: string): void;
}

interface Connected {
  readonly client: RedisClientLike;
  readonly subscribed: Promise<unknown>;
}

/** The store behind `createRedisStore()`. */
export class RedisThrottleStore implements RedisStore, StoreConnection {
  readonly kind = 'redis' as const;
  readonly options: Omit<ResolvedRedisStoreOptions, 'client'>;
  readonly #userClient: RedisClientLike | undefined;
  readonly #prefix: string;
  readonly #processId = randomBytes(6).toString('hex');
  #nextId = 0;
  #connected: Promise<Connected> | undefined;
  #opened: RedisClientLike[] = [];
  #lastError: unknown;
  readonly #owners = new Map<string, () => void>();
  readonly #throttles = new Set<RedisThrottle>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #closed = false;

  constructor(options: unknown) {
    const { client, ...rest } = resolveRedisStoreOptions(options);
    this.options = rest;
    this.#userClient = client;
    this.#prefix = `wsi:throttle:{${rest.name}}:`;
  }

  get leaseMs(): number {
    return this.options.leaseMs;
  }

  get failMode(): ResolvedRedisStoreOptions['failMode'] {
    return this.options.failMode;
  }

  openThrottle(options: StoreThrottleOptions): Throttle {
    if (this.#closed)
      throw new ThrottleError(ThrottleErrorCode.CLOSED, 'createThrottle() refused: the store is closed');
    const throttle = new RedisThrottle(this, options);
    this.#throttles.add(throttle);
    return throttle;
  }

  newId(): string {
    this.#nextId += 1;
    return `${this.#processId}.${this.#nextId}`;
  }

  own(id: string, onGranted: () => void): void {
    this.#owners.set(id, onGranted);
  }

  disown(id: string): void {
    this.#owners.delete(id);
  }

  dispatch(ids: readonly string[]): void {
    for (const id of ids) this.#owners.get(id)?.();
  }

  call(name: ScriptName, throttle: StoreThrottleOptions, args: ReadonlyArray<string | number>): Promise<ScriptReply> {
    const rate = throttle.rate;
    const argv = [
      this.#prefix,
      throttle.concurrency ?? 0,
      rate?.tokens ?? 0,
      rate?.intervalMs ?? 0,
      rate?.burst ?? 0,
      this.options.leaseMs,
      ...args,
    ];
    // Loading ioredis is not Redis's time: the deadline starts once the client exists.
    const call = this.#connect().then(({ client, subscribed }) =>
      this.#withDeadline(name, async () => {
        await subscribed;
        return parseReply(await runScript(client, name, argv));
      }),
    );
    this.#inFlight.add(call);
    const forget = (): void => void this.#inFlight.delete(call);
    call.then(forget, forget);
    return call;
  }

  async connect(): Promise<void> {
    const { client, subscribed } = await this.#connect();
    await this.#withDeadline('connect', async () => {
      await subscribed;
      await client.ping();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const throttle of this.#throttles) throttle.shutDown();
    await Promise.allSettled([...this.#inFlight]);
    await Promise.allSettled(this.#opened.map((client) => quit(client, this.options.commandTimeoutMs)));
  }

  /** Connects once; a failed connection is tried again by the next call. */
  #connect(): Promise<Connected> {
    this.#connected ??= this.#open().catch((error: unknown) => {
      this.#connected = undefined;
      throw unavailable('connect', error);
    });
    return this.#connected;
  }

  async #open(): Promise<Connected> {
    let client = this.#userClient;
    if (client === undefined) {
      client = await connectByUrl(this.options.url!);
      this.#opened.push(client);
      this.#watch(client);
    }
    const subscriber = client.duplicate();
    this.#opened.push(subscriber);
    this.#watch(subscriber);
    subscriber.on('message', (_channel: string, message: string) => this.dispatch(message.split(' ')));
    // After a reconnect (a Redis restart), held permits register again at once, inside the recovery window.
    client.on('ready', () => {
      for (const throttle of this.#throttles) throttle.renewSoon();
    });
    return { client, subscribed: subscriber.subscribe(`${this.#prefix}granted`) };
  }

  /** Keeps the last connection error as the cause of the next ERR_WSI_THROTTLE_STORE_UNAVAILABLE. */
  #watch(client: RedisClientLike): void {
    client.on('error', (error: unknown) => {
      this.#lastError = error;
    });
  }

  #withDeadline<T>(name: ScriptName | 'connect', run: () => Promise<T>): Promise<T> {
    const ms = this.options.commandTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      // An answer that came in time but waits unread behind a blocked event loop is not a silent Redis (io-deadline.ts).
      const deadline = ioDeadline(ms, () => {
        reject(
          new ThrottleError(ThrottleErrorCode.STORE_UNAVAILABLE, `Redis did not answer ${name} within ${ms} ms`, {
            cause: this.#lastError,
          }),
        );
      });
      run().then(
        (value) => {
          deadline.clear();
          resolve(value);
        },
        (error: unknown) => {
          deadline.clear();
          reject(unavailable(name, error));
        },
      );
    });
  }
}

/** A ThrottleError as it is; anything else from the client means Redis failed the call. */
function unavailable(name: string, error: unknown): ThrottleError {
  if (error instanceof ThrottleError) return error;
  return new ThrottleError(ThrottleErrorCode.STORE_UNAVAILABLE, `Redis failed ${name}: ${String(error)}`, {
    cause: error,
  });
}

function parseReply(raw: unknown): ScriptReply {
  const [status, wakeIn, ...ids] = raw as [string, number, ...string[]];
  return { status: String(status), wakeIn: Number(wakeIn), ids: ids.map(String) };
}

/** Ends a connection politely, or at once when Redis does not answer. */
async function quit(client: RedisClientLike, ms: number): Promise<void> {
  if (client.status === 'end') return;
  let deadline: IoDeadline | undefined;
  const expired = new Promise<void>((resolve) => {
    deadline = ioDeadline(ms, resolve);
  });
  try {
    if (client.status === 'ready') await Promise.race([client.quit().catch(() => undefined), expired]);
  } finally {
    deadline?.clear();
    client.disconnect();
  }
}
