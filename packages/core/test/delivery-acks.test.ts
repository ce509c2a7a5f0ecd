import { EventEmitter } from 'node:events';
import { waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import {
  createSessionStore,
  DeliveryUnconfirmedError,
  type CloseReport,
  type ConnectionOptions,
  type CoreError,
} from '../src';
import { recordAcks } from './support/ack-recorder';
import { useSessionFixture } from './support/session-fixture';
import { transports } from './support/transports';

const BURST = 20;
const CRASH_AT = 5;
const burst = Array.from({ length: BURST }, (_, i) => `burst#${i + 1}`);
// Retries at once (full jitter with random 0), so no test waits on a backoff.
const retryAtOnce: Partial<ConnectionOptions> = {
  reconnect: { maxAttempts: 20, baseDelayMs: 10, maxDelayMs: 10 },
  random: () => 0,
};

/** Whether `list` is the tail of `whole` (possibly all of it). */
function isSuffix(list: readonly unknown[], whole: readonly unknown[]): boolean {
  return list.length <= whole.length && list.every((item, i) => item === whole[whole.length - list.length + i]);
}

describe.each(transports)('delivery acknowledgements on %s', (name, transport) => {
  const fixture = useSessionFixture(transport);

  it('keeps sent messages until the server acknowledges them, and acks trim the list', async () => {
    const recorder = recordAcks(fixture.server.WebSocket);
    const c = fixture.connection({ WebSocket: recorder.WebSocket });
    await c.connect();
    for (let i = 1; i <= 10; i++) c.send(`m${i}`);
    // No ack can have arrived yet: nothing has left the event loop turn.
    expect(c.unacknowledgedMessages).toBe(10);
    await recorder.waitForAck(10);
    expect(c.unacknowledgedMessages).toBe(0);
    expect(recorder.acks[recorder.acks.length - 1]).toBe(10);
    expect(fixture.server.received).toEqual(Array.from({ length: 10 }, (_, i) => `m${i + 1}`));
  });

  it('maxQueuedMessages bounds only the queue before READY: sends while READY are never refused for waiting acks', async () => {
    const recorder = recordAcks(fixture.server.WebSocket);
    const c = fixture.connection({ WebSocket: recorder.WebSocket, maxQueuedMessages: 2 });
    c.send('q1');
    c.send('q2');
    expect(() => c.send('q3')).toThrow(expect.objectContaining({ code: 'ERR_WSI_QUEUE_FULL' }));
    await c.connect();
    for (let i = 1; i <= 10; i++) c.send(`m${i}`);
    // No ack can have arrived yet: nothing has left the event loop turn.
    expect(c.unacknowledgedMessages).toBe(12);
    await recorder.waitForAck(12);
    expect(c.unacknowledgedMessages).toBe(0);
    expect(fixture.server.received).toEqual(['q1', 'q2', ...Array.from({ length: 10 }, (_, i) => `m${i + 1}`)]);
  });

  it('never shows a session.ack to message listeners', async () => {
    const recorder = recordAcks(fixture.server.WebSocket);
    const c = fixture.connection({ WebSocket: recorder.WebSocket });
    const messages: unknown[] = [];
    c.on('message', (data) => messages.push(data));
    await c.connect();
    c.send('one');
    c.send('two');
    await recorder.waitForAck(2);
    await fixture.server.waitForReceived(2);
    // The echoes are sent before the ack, so both have arrived.
    expect(messages).toEqual(['one', 'two']);
    expect(recorder.acks.length).toBeGreaterThan(0);
  });

  it('after a server crash in the middle of a burst, resumes the session and delivers every message exactly once, in order', async () => {
    const server = await fixture.restart({ crashAfter: CRASH_AT });
    const c = fixture.connection(retryAtOnce);
    const errors: CoreError[] = [];
    c.on('error', (error) => errors.push(error));
    await c.connect();
    const first = c.sessionId;
    const resumed = waitForEvent(c, 'ready', { timeoutMs: 5000 });
    for (const message of burst) c.send(message);
    const [info] = await resumed;
    expect(info).toMatchObject({ previousSessionId: first });
    c.send('after');
    await server.waitForReceived(BURST + 1);
    expect(server.received).toEqual([...burst, 'after']);
    expect((await server.session(1)).previousSessionId).toBe(first);
    const report = await withTimeout(c.close(), 5000, 'close');
    expect(report).toEqual({ forced: false, code: 1000, reason: '', unsent: [], unconfirmed: [] });
    expect(server.received).toHaveLength(BURST + 1);
    expect(errors).toEqual([]);
  });

  it('with reconnection off, lists the messages the crash left unacknowledged in the close report', async () => {
    const server = await fixture.restart({ crashAfter: CRASH_AT });
    const c = fixture.connection({ reconnect: false });
    const lost = waitForEvent(c, 'error', { timeoutMs: 5000 });
    const closed = waitForEvent(c, 'close', { timeoutMs: 5000 });
    await c.connect();
    for (const message of burst) c.send(message);
    const [error] = await lost;
    expect((error as CoreError).code).toBe('ERR_WSI_CONNECTION_LOST');
    const [report] = (await closed) as [CloseReport];
    expect(server.received).toEqual(burst.slice(0, CRASH_AT));
    // Everything the server did not read is unconfirmed; a read message whose ack the crash cut off may be too.
    expect(isSuffix(report.unconfirmed, burst)).toBe(true);
    expect(report.unconfirmed).toEqual(expect.arrayContaining(burst.slice(CRASH_AT)));
    expect(report.unsent).toEqual([]);
  });

  it('reports ERR_WSI_DELIVERY_UNCONFIRMED with the messages when the server cannot resume the session (its store was emptied)', async () => {
    const sessions = createSessionStore();
    const server = await fixture.restart({
      crashAfter: CRASH_AT,
      accept: { sessions },
      onCrash: () => sessions.clear(),
    });
    const c = fixture.connection(retryAtOnce);
    await c.connect();
    const unconfirmed = waitForEvent(c, 'error', { timeoutMs: 5000 });
    const ready = waitForEvent(c, 'ready', { timeoutMs: 5000 });
    for (const message of burst) c.send(message);
    const [error] = (await unconfirmed) as [DeliveryUnconfirmedError];
    await ready;
    expect(error).toBeInstanceOf(DeliveryUnconfirmedError);
    expect(error.code).toBe('ERR_WSI_DELIVERY_UNCONFIRMED');
    expect(isSuffix(error.messages, burst)).toBe(true);
    expect(error.messages).toEqual(expect.arrayContaining(burst.slice(CRASH_AT)));
    expect((await server.session(1)).claimedPreviousSessionId).toBeDefined();
    // Reported, not sent again: the next message is the first the new session receives.
    c.send('after');
    await server.waitForReceived(CRASH_AT + 1);
    expect(server.received).toEqual([...burst.slice(0, CRASH_AT), 'after']);
    expect((await c.close()).unconfirmed).toEqual([]);
  });

  it('turns an unheard ERR_WSI_DELIVERY_UNCONFIRMED into a process warning', async () => {
    const sessions = createSessionStore();
    await fixture.restart({ crashAfter: 1, accept: { sessions }, onCrash: () => sessions.clear() });
    const c = fixture.connection(retryAtOnce);
    await c.connect();
    const warnings = new EventEmitter();
    const warn = jest
      .spyOn(process, 'emitWarning')
      .mockImplementation((...args: unknown[]) => void warnings.emit('warning', ...args));
    try {
      const warned = waitForEvent(warnings, 'warning', { timeoutMs: 5000 });
      c.send('a');
      c.send('b');
      const [warning] = await warned;
      expect(warning).toBeInstanceOf(DeliveryUnconfirmedError);
      expect(warning).toMatchObject({ code: 'ERR_WSI_DELIVERY_UNCONFIRMED', messages: ['a', 'b'] });
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('tracks nothing with a server that does not acknowledge (no ack in its welcome)', async () => {
    const server = await fixture.restart({ behaviour: 'legacy' });
    const c = fixture.connection({ ...retryAtOnce, maxQueuedMessages: 3 });
    const errors: CoreError[] = [];
    c.on('error', (error) => errors.push(error));
    await c.connect();
    expect(JSON.parse(server.control[0]!)).toMatchObject({ type: 'session.hello', ack: true });
    // Past maxQueuedMessages: allowed, since nothing waits for an acknowledgement.
    for (let i = 1; i <= 5; i++) c.send(`m${i}`);
    expect(c.unacknowledgedMessages).toBe(0);
    await server.waitForReceived(5);
    const back = waitForEvent(c, 'ready', { timeoutMs: 5000 });
    server.dropAll();
    await back;
    expect(errors.map((error) => error.code)).not.toContain('ERR_WSI_DELIVERY_UNCONFIRMED');
    c.send('m6');
    c.terminate();
    expect(errors.map((error) => error.code)).toEqual([]);
  });

  it("tracks nothing with handshake: 'none'", async () => {
    const c = fixture.connection({ handshake: 'none', maxQueuedMessages: 2 });
    await c.connect();
    for (let i = 0; i < 4; i++) c.send(`m${i}`);
    expect(c.unacknowledgedMessages).toBe(0);
    c.terminate();
  });

  it('lists what was never acknowledged when terminated', async () => {
    const c = fixture.connection();
    await c.connect();
    const closed = waitForEvent(c, 'close', { timeoutMs: 5000 });
    c.send('x1');
    c.send('x2');
    c.terminate();
    const [report] = (await closed) as [CloseReport];
    expect(report).toMatchObject({ forced: true, unsent: [], unconfirmed: ['x1', 'x2'] });
  });

  it('reports nothing unconfirmed after a clean close, acknowledged or not', async () => {
    const c = fixture.connection();
    await c.connect();
    for (let i = 1; i <= 5; i++) c.send(`m${i}`);
    expect(c.unacknowledgedMessages).toBe(5);
    const report = await withTimeout(c.close(), 5000, 'close');
    expect(report).toMatchObject({ forced: false, unconfirmed: [] });
    expect(fixture.server.received).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('lists the unacknowledged messages when the close is forced', async () => {
    const c = fixture.connection({ closeTimeoutMs: 50 });
    await c.connect();
    fixture.server.ignoreClose();
    c.send('y1');
    c.send('y2');
    const report = await withTimeout(c.close(), 5000, 'close');
    expect(report.forced).toBe(true);
    // Each one either reached the server, or is listed (both when the ack did not come back in time).
    for (const message of ['y1', 'y2'])
      expect(fixture.server.received.includes(message) || report.unconfirmed.includes(message)).toBe(true);
    expect(isSuffix(report.unconfirmed, ['y1', 'y2'])).toBe(true);
  });

  it('lists the unacknowledged messages when the socket drops during the close (not forced, not clean)', async () => {
    const c = fixture.connection({ closeTimeoutMs: 5000 });
    await c.connect();
    fixture.server.ignoreClose();
    c.send('z1');
    c.send('z2');
    const closing = c.close();
    fixture.server.dropAll();
    const report = await withTimeout(closing, 5000, 'close');
    expect(report).toMatchObject({ forced: false, code: 1006 });
    for (const message of ['z1', 'z2'])
      expect(fixture.server.received.includes(message) || report.unconfirmed.includes(message)).toBe(true);
    expect(isSuffix(report.unconfirmed, ['z1', 'z2'])).toBe(true);
    // A paused ws server socket read nothing, so nothing was acknowledged.
    if (name !== 'mock') expect(report.unconfirmed).toEqual(['z1', 'z2']);
  });

  it('never refuses a synchronous burst on READY larger than maxQueuedMessages: all delivered, all acknowledged', async () => {
    const recorder = recordAcks(fixture.server.WebSocket);
    const c = fixture.connection({ WebSocket: recorder.WebSocket, maxQueuedMessages: 3 });
    await c.connect();
    const burst = Array.from({ length: 50 }, (_, i) => `q${i}`);
    for (const message of burst) c.send(message);
    expect(c.unacknowledgedMessages).toBe(50);
    await recorder.waitForAck(50);
    await fixture.server.waitForReceived(50);
    expect(fixture.server.received).toEqual(burst);
    expect(c.unacknowledgedMessages).toBe(0);
  });
});

describe('delivery acknowledgements, coalesced (ws on 127.0.0.1)', () => {
  const fixture = useSessionFixture(transports[1]![1]);

  it('answers a burst with far fewer acks than messages, the last counting them all', async () => {
    const recorder = recordAcks(fixture.server.WebSocket);
    const c = fixture.connection({ WebSocket: recorder.WebSocket });
    await c.connect();
    for (let i = 0; i < 500; i++) c.send(`m${i}`);
    await recorder.waitForAck(500);
    expect(recorder.acks.length).toBeLessThan(100);
    expect(recorder.acks[recorder.acks.length - 1]).toBe(500);
    expect(c.unacknowledgedMessages).toBe(0);
  });
});

describe('delivery acknowledgements, coalesced (mock transport, a task per frame)', () => {
  const fixture = useSessionFixture(transports[0]![1]);

  it('answers a burst the server reads one frame per task with exactly one ack, and a later message with one more', async () => {
    const recorder = recordAcks(fixture.server.WebSocket);
    const c = fixture.connection({ WebSocket: recorder.WebSocket });
    await c.connect();
    for (let i = 0; i < 100; i++) c.send(`m${i}`);
    await recorder.waitForAck(100);
    expect(recorder.acks).toEqual([100]);
    expect(c.unacknowledgedMessages).toBe(0);
    // The stream went idle after one message: its ack still comes, with no further traffic.
    c.send('last');
    await recorder.waitForAck(101);
    expect(recorder.acks).toEqual([100, 101]);
    expect(c.unacknowledgedMessages).toBe(0);
  });
});
