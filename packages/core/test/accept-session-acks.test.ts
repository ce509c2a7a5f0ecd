import { EventEmitter } from 'node:events';
import { flushMicrotasks } from '@ws-isolation/test-utils';
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
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
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
    await flushMicrotasks();
    expect(old.socket.sent).toHaveLength(1);
  });

  it('coalesces: a batch of messages in one turn gets one ack with the running total', async () => {
    const { socket } = await open({ clientId, ack: true }, { sessions });
    for (let i = 0; i < 100; i++) socket.receive(`m${i}`);
    expect(socket.acks).toEqual([]);
    await flushMicrotasks();
    expect(socket.acks).toEqual([100]);
    for (let i = 0; i < 50; i++) socket.receive(`n${i}`);
    await flushMicrotasks();
    expect(socket.acks).toEqual([100, 150]);
  });

  it('counts only application messages (pings and other session traffic are left out), in the store at every message', async () => {
    const { socket, sessionId } = await open({ clientId, ack: true }, { sessions });
    socket.receive('a');
    socket.receive({ type: 'session.ping', id: 1 });
    expect(sessions.receivedOf?.(sessionId)).toBe(1);
    socket.emit('message', Buffer.from([1, 2, 3]), true);
    expect(sessions.receivedOf?.(sessionId)).toBe(2);
    await flushMicrotasks();
    expect(socket.acks).toEqual([2]);
    expect(socket.sent.filter((m) => m.type === 'session.pong')).toEqual([{ type: 'session.pong', id: 1 }]);
  });

  it('sends acks with Jest fake timers installed and never advanced', async () => {
    jest.useFakeTimers();
    try {
      const { socket } = await open({ clientId, ack: true }, { sessions });
      socket.receive('a');
      await flushMicrotasks();
      expect(socket.acks).toEqual([1]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('stops counting and acknowledging when the socket closes', async () => {
    const { socket, sessionId } = await open({ clientId, ack: true }, { sessions });
    socket.receive('a');
    socket.close();
    socket.receive('late');
    await flushMicrotasks();
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
    await flushMicrotasks();
    expect(earlier.socket.acks).toEqual([1]);
  });
});
