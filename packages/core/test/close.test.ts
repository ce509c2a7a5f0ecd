import { createRegistry } from '@ws-isolation/registry';
import { ManualClock, flushMicrotasks, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { Connection, type CloseReport } from '../src';
import { recordStates } from './support/recorder';
import { useSessionFixture } from './support/session-fixture';
import { transports } from './support/transports';

const reachedState = (c: Connection, to: string): Promise<unknown[]> =>
  waitForEvent(c, 'state', { filter: (change) => (change as { to: string }).to === to });

describe.each(transports)('close() and terminate() (%s)', (_name, transport) => {
  const fixture = useSessionFixture(transport);
  const { registry, connection } = fixture;

  it('terminates at the deadline of an injected clock when the peer never acknowledges, and reports forced', async () => {
    const clock = new ManualClock();
    const c = connection({ clock, closeTimeoutMs: 250 });
    await c.connect();
    fixture.server.ignoreClose();
    const states = recordStates(c);
    const closing = c.close();
    expect(c.state).toBe('CLOSING');
    clock.advance(249);
    expect(c.state).toBe('CLOSING');
    clock.advance(1);
    const report = await closing;
    expect(report).toEqual({ forced: true, code: 1006, reason: '', unsent: [], unconfirmed: [] });
    expect(states).toEqual(['CLOSING', 'DISCONNECTED']);
    expect(registry.size).toBe(0);
  });

  it('terminate() is synchronous, and cuts a pending close short as forced', async () => {
    const c = connection();
    await c.connect();
    fixture.server.ignoreClose();
    const closing = c.close({ timeoutMs: 60_000 });
    const events: CloseReport[] = [];
    c.on('close', (report) => events.push(report));
    c.terminate();
    expect(c.state).toBe('DISCONNECTED');
    const report = await withTimeout(closing, 10_000, 'close after terminate');
    expect(report.forced).toBe(true);
    expect(events).toEqual([report]);
    expect(registry.size).toBe(0);
  });

  it('terminate() on a READY connection leaves it DISCONNECTED and untracked at once', async () => {
    const c = connection();
    await c.connect();
    const states = recordStates(c);
    c.terminate();
    expect(c.state).toBe('DISCONNECTED');
    expect(states).toEqual(['DISCONNECTED']);
    expect(registry.size).toBe(0);
    await expect(c.connect()).rejects.toMatchObject({ code: 'ERR_WSI_CLOSED' });
  });

  it('close() while CONNECTED (handshake pending) goes CLOSING → DISCONNECTED and rejects connect with ERR_WSI_CLOSED', async () => {
    await fixture.restart({ behaviour: 'silent' });
    const c = connection();
    const connected = reachedState(c, 'CONNECTED');
    const connecting = c.connect();
    await connected;
    const states = recordStates(c);
    const report = await withTimeout(c.close(), 5000, 'close while connecting');
    await expect(connecting).rejects.toMatchObject({ code: 'ERR_WSI_CLOSED' });
    expect(states).toEqual(['CLOSING', 'DISCONNECTED']);
    expect(report.forced).toBe(false);
    expect(registry.size).toBe(0);
  });

  it('close() while CONNECTING (socket not open yet) is bounded and safe', async () => {
    const c = connection();
    const connecting = c.connect();
    expect(c.state).toBe('CONNECTING');
    const report = await withTimeout(c.close({ timeoutMs: 500 }), 5000, 'close while CONNECTING');
    await expect(connecting).rejects.toMatchObject({ code: 'ERR_WSI_CLOSED' });
    expect(c.state).toBe('DISCONNECTED');
    expect(report.unsent).toEqual([]);
  });

  it('terminate() while CONNECTING rejects connect with ERR_WSI_CLOSED', async () => {
    const c = connection();
    const connecting = c.connect();
    c.terminate();
    expect(c.state).toBe('DISCONNECTED');
    await expect(connecting).rejects.toMatchObject({ code: 'ERR_WSI_CLOSED' });
  });

  it('reports the messages that never left in the close report and the close event', async () => {
    const c = connection();
    c.send('a');
    c.send('b');
    const event = waitForEvent(c, 'close');
    const report = await c.close();
    expect(report.unsent).toEqual(['a', 'b']);
    expect((await event)[0]).toBe(report);
  });

  it('close() is idempotent: concurrent calls share one close', async () => {
    const c = connection();
    await c.connect();
    const [a, b] = await Promise.all([c.close(), c.close()]);
    expect(a).toBe(b);
    expect(a.forced).toBe(false);
  });

  it('connect({ signal }) aborted rejects with ERR_WSI_ABORTED, tears down, untracks, and can connect again', async () => {
    await fixture.restart({ behaviour: 'silent' });
    const c = connection();
    const controller = new AbortController();
    const connected = reachedState(c, 'CONNECTED');
    const connecting = c.connect({ signal: controller.signal });
    await connected;
    controller.abort();
    await expect(connecting).rejects.toMatchObject({ code: 'ERR_WSI_ABORTED' });
    expect(c.state).toBe('DISCONNECTED');
    expect(registry.size).toBe(0);
    await expect(c.connect({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ERR_WSI_ABORTED' });
    const again = c.connect();
    expect(registry.size).toBe(1);
    await c.close();
    await expect(again).rejects.toMatchObject({ code: 'ERR_WSI_CLOSED' });
  });
});

describe.each(transports)('re-entrant listeners (%s)', (_name, transport) => {
  const fixture = useSessionFixture(transport);
  const { registry } = fixture;

  it.each(['CONNECTING', 'CONNECTED', 'READY'])(
    'close() from a state listener on %s closes cleanly and bounded',
    async (at) => {
      const c = new Connection({ url: fixture.server.url, WebSocket: fixture.server.WebSocket, registry });
      const states = recordStates(c);
      let closing: Promise<CloseReport> | undefined;
      c.on('state', ({ to }) => {
        if (to === at) closing = c.close();
      });
      const connecting = c.connect();
      connecting.catch(() => undefined);
      while (closing === undefined) await waitForEvent(c, 'state');
      const report = await withTimeout(closing, 5000, 'close from a listener');
      expect(report.forced).toBe(false);
      expect(c.state).toBe('DISCONNECTED');
      expect(states.slice(-2)).toEqual(['CLOSING', 'DISCONNECTED']);
      if (at !== 'READY') await expect(connecting).rejects.toMatchObject({ code: 'ERR_WSI_CLOSED' });
      expect(registry.size).toBe(0);
    },
  );
});

describe.each(transports)('the default clock follows Jest fake timers (%s)', (_name, transport) => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('forces a close when fake time passes closeTimeoutMs', async () => {
    const server = await transport.start();
    const registry = createRegistry();
    try {
      const c = new Connection({ url: server.url, WebSocket: server.WebSocket, registry, closeTimeoutMs: 10_000 });
      await c.connect();
      server.ignoreClose();
      // Sockets still need the event loop; only the timers are faked.
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
      const closing = c.close();
      let settled = false;
      void closing.then(() => (settled = true));
      jest.advanceTimersByTime(9_999);
      await flushMicrotasks();
      expect(settled).toBe(false);
      expect(c.state).toBe('CLOSING');
      jest.advanceTimersByTime(1);
      jest.useRealTimers();
      // Forced by our deadline: the ws client's own 30 s close timer has not run.
      expect((await withTimeout(closing, 10_000, 'close')).forced).toBe(true);
      expect(c.state).toBe('DISCONNECTED');
    } finally {
      jest.useRealTimers();
      await server.close();
    }
  });
});

describe.each(transports)('close() re-entered from its own state event (%s)', (_name, transport) => {
  it('joins the close in progress', async () => {
    const registry = createRegistry();
    const server = await transport.start();
    try {
      const c = new Connection({ url: server.url, WebSocket: server.WebSocket, registry });
      await c.connect();
      const inner: Promise<CloseReport>[] = [];
      c.on('state', ({ to }) => {
        if (to === 'CLOSING') inner.push(c.close());
      });
      const outer = c.close();
      expect(inner).toHaveLength(1);
      expect(inner[0]).toBe(outer);
      expect((await withTimeout(outer, 5000, 'close')).forced).toBe(false);
    } finally {
      await server.close();
    }
  });
});
