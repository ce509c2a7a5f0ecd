import { fakeableClock, OptionReader, type Clock } from '@ws-isolation/internal';
import { CoreError, CoreErrorCode } from '../errors';

/**
 * Which client each issued session belongs to, so a hello that names a
 * previous session can be checked: a client may resume only its own
 * sessions. Bounded: past `maxSessions` the least recently issued session is
 * forgotten first.
 *
 * The shape is the contract (copies of the package share stores by shape,
 * never by `instanceof`).
 */
export interface SessionStore {
  /** Version of this shape. */
  readonly version: 1;
  /** How many sessions the store remembers now (expired ones may still count until looked up or pushed out). */
  readonly size: number;
  /** Records that `sessionId` was issued to `clientId`. */
  remember(sessionId: string, clientId: string): void;
  /** The client `sessionId` was issued to; `undefined` when unknown, evicted or expired. */
  ownerOf(sessionId: string): string | undefined;
  /**
   * Records how many application messages the server received in
   * `sessionId` (for delivery acknowledgements); a session the store does not
   * know is ignored. Optional: with a store that lacks it (or `receivedOf`), a
   * resumed session's welcome carries no `resumed` count, so the client
   * reports its unacknowledged messages instead of sending them again.
   */
  setReceived?(sessionId: string, count: number): void;
  /** The count `setReceived` recorded for `sessionId` (0 when none yet); `undefined` when the session is unknown, evicted or expired. */
  receivedOf?(sessionId: string): number | undefined;
  /** Forgets one session; returns whether it was known. */
  forget(sessionId: string): boolean;
  /** Forgets every session. */
  clear(): void;
}

export interface SessionStoreOptions {
  /**
   * How many sessions to remember; past it the least recently issued is forgotten.
   * @default 10000
   */
  maxSessions?: number;
  /**
   * How long after it was issued a session can be resumed; `undefined` means no expiry.
   * @default undefined
   * @example createSessionStore({ ttlMs: 5 * 60_000 })
   */
  ttlMs?: number;
  /**
   * The time source for `ttlMs`.
   * @default the global `Date.now`
   */
  clock?: Pick<Clock, 'now'>;
}

const DEFAULT_MAX_SESSIONS = 10_000;

interface Entry {
  clientId: string;
  issuedAt: number;
  received: number;
}

/**
 * A bounded, Map-based session store (never a plain object keyed by what a
 * client sent).
 *
 * @example
 * const sessions = createSessionStore({ maxSessions: 50_000, ttlMs: 10 * 60_000 });
 * server.on('connection', (socket) => acceptSession(socket, { sessions }));
 */
export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const { maxSessions, ttlMs, clock } = readStoreOptions(options);
  // A Map keeps insertion order: the first key is the least recently issued.
  const entries = new Map<string, Entry>();
  const expired = (entry: Entry): boolean => ttlMs !== undefined && clock.now() - entry.issuedAt >= ttlMs;
  const dropExpiredHead = (): void => {
    for (const [sessionId, entry] of entries) {
      if (!expired(entry)) return;
      entries.delete(sessionId);
    }
  };
  const live = (sessionId: string): Entry | undefined => {
    const entry = entries.get(sessionId);
    if (entry === undefined) return undefined;
    if (expired(entry)) {
      entries.delete(sessionId);
      return undefined;
    }
    return entry;
  };
  return {
    version: 1,
    get size() {
      return entries.size;
    },
    remember(sessionId, clientId) {
      entries.delete(sessionId);
      entries.set(sessionId, { clientId, issuedAt: clock.now(), received: 0 });
      dropExpiredHead();
      while (entries.size > maxSessions) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
    ownerOf: (sessionId) => live(sessionId)?.clientId,
    setReceived(sessionId, count) {
      const entry = entries.get(sessionId);
      if (entry !== undefined) entry.received = count;
    },
    receivedOf: (sessionId) => live(sessionId)?.received,
    forget: (sessionId) => entries.delete(sessionId),
    clear: () => entries.clear(),
  };
}

/** Whether a value has the SessionStore shape (version 1). */
export function isSessionStore(value: unknown): value is SessionStore {
  const store = value as Partial<SessionStore> | null;
  return (
    typeof store === 'object' &&
    store !== null &&
    store.version === 1 &&
    typeof store.remember === 'function' &&
    typeof store.ownerOf === 'function'
  );
}

const DEFAULT_STORE_SLOT = Symbol.for('ws-isolation.session-store/v1');

/**
 * The store `acceptSession` uses when given none: one per global object, kept at
 * `globalThis[Symbol.for('ws-isolation.session-store/v1')]` so every copy of
 * the package finds the same one; made on first use.
 */
export function getDefaultSessionStore(): SessionStore {
  const slot = globalThis as unknown as Record<symbol, unknown>;
  const existing = slot[DEFAULT_STORE_SLOT];
  if (isSessionStore(existing)) return existing;
  const store = createSessionStore();
  Object.defineProperty(slot, DEFAULT_STORE_SLOT, {
    value: store,
    configurable: true,
    writable: true,
    enumerable: false,
  });
  return store;
}

const read = new OptionReader(
  'createSessionStore()',
  (message) => new CoreError(CoreErrorCode.INVALID_OPTION, message),
);
const STORE_KEYS = Object.keys({ maxSessions: true, ttlMs: true, clock: true } satisfies Record<
  keyof SessionStoreOptions,
  true
>);

function readStoreOptions(options: unknown): {
  maxSessions: number;
  ttlMs: number | undefined;
  clock: Pick<Clock, 'now'>;
} {
  const given: SessionStoreOptions = read.object(options, STORE_KEYS) ?? {};
  const maxSessions = read.count('maxSessions', given.maxSessions, 1) ?? DEFAULT_MAX_SESSIONS;
  const ttlMs = read.positiveMs('ttlMs', given.ttlMs);
  const clock = given.clock ?? fakeableClock;
  if (typeof clock !== 'object' || clock === null || typeof clock.now !== 'function')
    throw read.invalid('clock', 'an object with now()', clock);
  return { maxSessions, ttlMs, clock };
}
