import { EventEmitter } from 'node:events';
import { flushMicrotasks, waitForEvent } from '@ws-isolation/test-utils';
import {
  acceptSession,
  createClientId,
  createSessionStore,
  type AcceptSessionOptions,
  type SessionStore,
} from '../src';

/** A server socket that records what acceptSession sends; the test plays the client. */
class FakeSocket extends EventEmitter {
  readonly sent: Record<string, unknown>[] = [];
  send(data: string): void {
    const message = JSON.parse(data) as Record<string, unknown>;
    this.sent.push(message);
    if (message.type === 'session.ack') this.emit('ack', message.received);
  }
  close(): void {
    this.emit('close');
  }
  receive(message: string | Record<string, unknown>): void {
    this.emit('message', Buffer.from(typeof message === 'string' ? message : JSON.stringify(message)), false);
  }
  get acks(): number[] {
    return this.sent.filter((m) => m.type === 'session.ack').map((m) => m.received as number);
  }
  /** The `received` of the next ack this socket sends. */
  async nextAck(): Promise<number> {
    const [received] = await waitForEvent<[number]>(this, 'ack', { timeoutMs: 5000 });
    return received;
  }
}

/**
 * Resolves once every ack scheduled before this call has been sent: acks go out
 * on Node's setImmediate, which runs callbacks in the order they were queued,
 * so the ack of a fresh session fed one message now comes after all of them.
 */
async function acksSettled(sessions: SessionStore): Promise<void> {
  const { socket } = await open({ clientId: createClientId(), ack: true }, { sessions });
  socket.receive('witness');
  await socket.nextAck();
}

async function open(
  hello: Record<string, unknown>,
  options: AcceptSessionOptions,
): Promise<{ socket: FakeSocket; sessionId: string }> {
  const socket = new FakeSocket();
  const accepted = acceptSession(socket, options);
  socket.receive({ type: 'session.hello', ...hello });
  const { sessionId } = await accepted;
  return { socket, sessionId };
}

describe('acceptSession delivery acknowledgements', () => {
  let sessions: SessionStore;
  const clientId = createClientId();
  beforeEach(() => {
    sessions = createSessionStore();
  });

  it('answers a hello that asks with "ack": true in the welcome, and one that does not without it and without acks', async () => {
    const asked = await open({ clientId, ack: true }, { sessions });
    expect(asked.socket.sent[0]).toEqual({ type: 'session.welcome', sessionId: asked.sessionId, ack: true });
    const old = await open({ clientId }, { sessions });
    expect(old.socket.sent[0]).toEqual({ type: 'session.welcome', sessionId: old.sessionId });
    old.socket.receive('app');
    await acksSettled(sessions);
    expect(old.socket.sent).toHaveLength(1);
  });

  it('coalesces: the messages of one event loop turn get one ack with the running total, microtask batches included', async () => {
    const { socket } = await open({ clientId, ack: true }, { sessions });
    // Ten batches, each followed by its microtasks (as ten socket reads in one poll would be).
    for (let batch = 0; batch < 10; batch++) {
      for (let i = 0; i < 10; i++) socket.receive(`m${batch}.${i}`);
      await flushMicrotasks();
    }
    expect(socket.acks).toEqual([]);
    expect(await socket.nextAck()).toBe(100);
    for (let i = 0; i < 50; i++) socket.receive(`n${i}`);
    expect(await socket.nextAck()).toBe(150);
    expect(socket.acks).toEqual([100, 150]);
  });

  it('acknowledges a lone message once the stream goes idle, with no further traffic', async () => {
    const { socket, sessionId } = await open({ clientId, ack: true }, { sessions });
    socket.receive('only');
    expect(await socket.nextAck()).toBe(1);
    await acksSettled(sessions);
    expect(socket.acks).toEqual([1]);
    expect(sessions.receivedOf?.(sessionId)).toBe(1);
  });

  it('counts only application messages (pings and other session traffic are left out), in the store at every message', async () => {
    const { socket, sessionId } = await open({ clientId, ack: true }, { sessions });
    socket.receive('a');
    socket.receive({ type: 'session.ping', id: 1 });
    expect(sessions.receivedOf?.(sessionId)).toBe(1);
    socket.emit('message', Buffer.from([1, 2, 3]), true);
    expect(sessions.receivedOf?.(sessionId)).toBe(2);
    expect(await socket.nextAck()).toBe(2);
    expect(socket.acks).toEqual([2]);
    expect(socket.sent.filter((m) => m.type === 'session.pong')).toEqual([{ type: 'session.pong', id: 1 }]);
  });

  it('sends acks with Jest fake timers installed and never advanced', async () => {
    jest.useFakeTimers();
    try {
      const { socket } = await open({ clientId, ack: true }, { sessions });
      socket.receive('a');
      expect(await socket.nextAck()).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('stops counting and acknowledging when the socket closes', async () => {
    const { socket, sessionId } = await open({ clientId, ack: true }, { sessions });
    socket.receive('a');
    socket.close();
    socket.receive('late');
    await acksSettled(sessions);
    expect(socket.acks).toEqual([]);
    expect(sessions.receivedOf?.(sessionId)).toBe(1);
  });

  it('on a verified resume, the welcome says how much of the previous session was received', async () => {
    const first = await open({ clientId, ack: true }, { sessions });
    for (let i = 0; i < 7; i++) first.socket.receive(`m${i}`);
    first.socket.close();
    const second = await open({ clientId, ack: true, previousSessionId: first.sessionId }, { sessions });
    expect(second.socket.sent[0]).toEqual({
      type: 'session.welcome',
      sessionId: second.sessionId,
      ack: true,
      resumed: { sessionId: first.sessionId, received: 7 },
    });
    expect(sessions.receivedOf?.(second.sessionId)).toBe(0);
  });

  it('gives no resumed count for an unknown session, a hello without ack, or a store that keeps no counts', async () => {
    const unknown = await open({ clientId, ack: true, previousSessionId: 'not-issued-here' }, { sessions });
    expect(unknown.socket.sent[0]).not.toHaveProperty('resumed');
    const first = await open({ clientId, ack: true }, { sessions });
    const noAck = await open({ clientId, previousSessionId: first.sessionId }, { sessions });
    expect(noAck.socket.sent[0]).toEqual({ type: 'session.welcome', sessionId: noAck.sessionId });
    const full = createSessionStore();
    // Only the version 1 shape without the optional counts.
    const bare: SessionStore = {
      version: 1,
      get size() {
        return full.size;
      },
      remember: full.remember,
      ownerOf: full.ownerOf,
      forget: full.forget,
      clear: full.clear,
    };
    const earlier = await open({ clientId, ack: true }, { sessions: bare });
    earlier.socket.receive('a');
    const later = await open({ clientId, ack: true, previousSessionId: earlier.sessionId }, { sessions: bare });
    expect(later.socket.sent[0]).toEqual({ type: 'session.welcome', sessionId: later.sessionId, ack: true });
    expect(await earlier.socket.nextAck()).toBe(1);
  });
});
