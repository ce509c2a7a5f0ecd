import { EventEmitter } from 'node:events';
import { createRegistry } from '@ws-isolation/registry';
import { ManualClock, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import {
  Connection,
  acceptSession,
  createClientId,
  createSessionStore,
  getDefaultSessionStore,
  type AcceptedSession,
  type CoreError,
  type SessionStore,
  type SessionStoreOptions,
} from '../src';
import { sendRaw } from './support/raw-client';
import { type SessionServer, transports } from './support/transports';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const STORE_SLOT = Symbol.for('ws-isolation.session-store/v1');

/** A server socket with the `ws` API that the test feeds by hand. */
class FakeServerSocket extends EventEmitter {
  readonly sent: string[] = [];
  readonly closed: { code?: number; reason?: string }[] = [];
  send(data: string): void {
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closed.push({ code, reason });
  }
  hello(fields: Record<string, unknown>): void {
    this.emit('message', Buffer.from(JSON.stringify({ type: 'session.hello', ...fields })), false);
  }
}

function accept(
  fields: Record<string, unknown>,
  sessions?: SessionStore,
): { socket: FakeServerSocket; result: Promise<AcceptedSession> } {
  const socket = new FakeServerSocket();
  const result = acceptSession(socket, sessions === undefined ? {} : { sessions });
  socket.hello(fields);
  return { socket, result };
}

describe('server-issued session IDs', () => {
  it('10,000 issued IDs are distinct RFC 4122 version 4 UUIDs that never contain the client ID', async () => {
    const sessions = createSessionStore();
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const clientId = createClientId();
      const { result } = accept({ clientId }, sessions);
      const { sessionId } = await result;
      expect(sessionId).toMatch(UUID_V4);
      expect(sessionId.includes(clientId)).toBe(false);
      expect(sessions.ownerOf(sessionId)).toBe(clientId);
      ids.add(sessionId);
    }
    expect(ids.size).toBe(10_000);
    expect(sessions.size).toBe(10_000);
  });
});

describe('createSessionStore', () => {
  it('is bounded: past maxSessions the least recently issued session is forgotten first', () => {
    const store = createSessionStore({ maxSessions: 3 });
    for (const id of ['s1', 's2', 's3', 's4']) store.remember(id, `client-${id}`);
    expect(store.size).toBe(3);
    expect(store.ownerOf('s1')).toBeUndefined();
    expect(['s2', 's3', 's4'].map((id) => store.ownerOf(id))).toEqual(['client-s2', 'client-s3', 'client-s4']);
    store.remember('s2', 'client-s2');
    store.remember('s5', 'client-s5');
    expect(store.ownerOf('s3')).toBeUndefined();
    expect(store.ownerOf('s2')).toBe('client-s2');
  });

  it('forgets a session ttlMs after it was issued', () => {
    const clock = new ManualClock();
    const store = createSessionStore({ ttlMs: 1000, clock });
    store.remember('early', 'a');
    clock.advance(500);
    store.remember('late', 'b');
    clock.advance(499);
    expect(store.ownerOf('early')).toBe('a');
    clock.advance(1);
    expect(store.ownerOf('early')).toBeUndefined();
    expect(store.ownerOf('late')).toBe('b');
    clock.advance(500);
    expect(store.ownerOf('late')).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('is keyed by a Map: names of Object.prototype members are ordinary keys', () => {
    const store = createSessionStore();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      expect(store.ownerOf(name)).toBeUndefined();
    store.remember('__proto__', 'client-a');
    expect(store.ownerOf('__proto__')).toBe('client-a');
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(store.forget('__proto__')).toBe(true);
    expect(store.size).toBe(0);
  });

  it.each<[string, unknown]>([
    ['maxSessions 0', { maxSessions: 0 }],
    ['maxSessions 1.5', { maxSessions: 1.5 }],
    ['maxSessions "10"', { maxSessions: '10' }],
    ['ttlMs 0', { ttlMs: 0 }],
    ['ttlMs NaN', { ttlMs: Number.NaN }],
    ['ttlMs Infinity', { ttlMs: Number.POSITIVE_INFINITY }],
    ['clock without now', { clock: {} }],
    ['options null', null],
  ])('refuses %s with ERR_WSI_INVALID_OPTION', (_name, options) => {
    expect(() => createSessionStore(options as SessionStoreOptions)).toThrow(
      expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }),
    );
  });
});

describe('the default session store', () => {
  const slot = globalThis as unknown as Record<symbol, unknown>;
  afterEach(() => {
    delete slot[STORE_SLOT];
  });

  it('is made on first use at globalThis[Symbol.for("ws-isolation.session-store/v1")], and acceptSession uses it', async () => {
    delete slot[STORE_SLOT];
    const { result } = accept({ clientId: 'default-store-client' });
    const { sessionId } = await result;
    const store = slot[STORE_SLOT] as SessionStore;
    expect(store).toBe(getDefaultSessionStore());
    expect(store.ownerOf(sessionId)).toBe('default-store-client');
  });

  it('a store another copy of the package put in the slot is found by shape and used', async () => {
    const other = createSessionStore();
    slot[STORE_SLOT] = other;
    other.remember('issued-elsewhere', 'owner');
    const { socket, result } = accept({ clientId: 'intruder', previousSessionId: 'issued-elsewhere' });
    await expect(result).rejects.toMatchObject({ code: 'ERR_WSI_SESSION_NOT_OWNED' });
    expect(socket.closed).toEqual([{ code: 1008, reason: 'session not owned' }]);
  });

  it('refuses a sessions option that is not a store with ERR_WSI_INVALID_OPTION', async () => {
    await expect(acceptSession(new FakeServerSocket(), { sessions: {} as never })).rejects.toMatchObject({
      code: 'ERR_WSI_INVALID_OPTION',
    });
  });
});

const hello = (fields: Record<string, unknown>): string => JSON.stringify({ type: 'session.hello', ...fields });

describe.each(transports)('previous-session claims are checked against the store (%s)', (_name, transport) => {
  const registry = createRegistry();
  let sessions: SessionStore;
  let server: SessionServer;

  beforeEach(async () => {
    sessions = createSessionStore();
    server = await transport.start({ accept: { sessions } });
  });
  afterEach(async () => {
    await registry.cleanupAll({ timeoutMs: 100 });
    await server.close();
  });

  const owner = async (): Promise<Connection> => {
    const c = new Connection({
      url: server.url,
      WebSocket: server.WebSocket,
      registry,
      clientId: 'alice',
      random: () => 0,
      reconnect: { baseDelayMs: 1, maxDelayMs: 1 },
    });
    await withTimeout(c.connect(), 5000, 'connect');
    return c;
  };

  it('the same client resuming its own session gets it as a verified previousSessionId', async () => {
    const c = await owner();
    const first = c.sessionId!;
    const ready = waitForEvent(c, 'ready', { timeoutMs: 5000 });
    server.dropAll();
    await ready;
    const resumed = await server.session(1);
    expect(resumed).toStrictEqual({ clientId: 'alice', sessionId: c.sessionId, previousSessionId: first });
    expect(sessions.ownerOf(c.sessionId!)).toBe('alice');
  });

  it("a raw client claiming another client's session is closed with 1008 and refused with ERR_WSI_SESSION_NOT_OWNED, without naming the owner", async () => {
    const c = await owner();
    const { closed } = await sendRaw(server, hello({ clientId: 'mallory', previousSessionId: c.sessionId }));
    const [event] = await closed;
    expect((event as { code: number }).code).toBe(1008);
    const refusal = (await server.refusal(0)) as CoreError;
    expect(refusal.code).toBe('ERR_WSI_SESSION_NOT_OWNED');
    expect(refusal.message.includes('alice')).toBe(false);
    expect(server.sessions).toHaveLength(1);
    expect(c.state).toBe('READY');
  });

  it('a claim on a session the store does not know is a new session, with the claim reported', async () => {
    const unknown = '4b0c3c9e-0a51-4d7e-9d55-2f1f0a1b2c3d';
    const { replied } = await sendRaw(server, hello({ clientId: 'bob', previousSessionId: unknown }));
    const welcome = JSON.parse(String(((await replied)[0] as { data: unknown }).data)) as { sessionId: string };
    expect(await server.session(0)).toStrictEqual({
      clientId: 'bob',
      sessionId: welcome.sessionId,
      previousSessionId: undefined,
      claimedPreviousSessionId: unknown,
    });
  });

  it('a hello of exactly maxHelloBytes (4096) is accepted; one byte more is closed with 1008 and ERR_WSI_INVALID_HELLO', async () => {
    const padded = (bytes: number): string => {
      const base = hello({ clientId: 'sized', pad: '' });
      return hello({ clientId: 'sized', pad: 'x'.repeat(bytes - Buffer.byteLength(base)) });
    };
    expect(Buffer.byteLength(padded(4096))).toBe(4096);
    const fits = await sendRaw(server, padded(4096));
    await fits.replied;
    expect((await server.session(0)).clientId).toBe('sized');

    const tooBig = await sendRaw(server, padded(4097));
    const [event] = await tooBig.closed;
    expect((event as { code: number }).code).toBe(1008);
    expect(await server.refusal(0)).toMatchObject({ code: 'ERR_WSI_INVALID_HELLO' });
    expect(server.refusals).toHaveLength(1);
  });
});
