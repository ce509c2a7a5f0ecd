import { EventEmitter } from 'node:events';
import { createRegistry } from '@ws-isolation/registry';
import { waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { Connection, type ConnectionEvents, type CoreError } from '../src';
import { useSessionFixture } from './support/session-fixture';
import { transports } from './support/transports';

type GuardedEvent = Exclude<keyof ConnectionEvents, 'error'>;

const EVENTS: GuardedEvent[] = ['state', 'ready', 'message', 'reconnecting', 'close'];
const ENDINGS = ['close', 'terminate'] as const;
const CYCLE = ['CONNECTING', 'CONNECTED', 'READY'];

/** Lets Node report an uncaught exception or unhandled rejection before the test ends. */
const oneTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Forwards every event of `c` to a plain emitter. Registered before the
 * throwing listener, so the test sees every emission whatever that one does.
 */
function probe(c: Connection): { events: EventEmitter; states: string[]; messages: unknown[] } {
  const events = new EventEmitter();
  const states: string[] = [];
  const messages: unknown[] = [];
  c.on('state', ({ to }) => {
    states.push(to);
    events.emit('state', to);
  });
  c.on('message', (data) => {
    messages.push(data);
    events.emit('message', data);
  });
  c.on('ready', (info) => events.emit('ready', info));
  c.on('reconnecting', (info) => events.emit('reconnecting', info));
  c.on('close', (report) => events.emit('close', report));
  return { events, states, messages };
}

describe.each(transports)('a throwing listener never corrupts the lifecycle (%s)', (_name, transport) => {
  const fixture = useSessionFixture(transport);

  describe.each(EVENTS)("on '%s'", (event) => {
    it.each(ENDINGS)(
      'connect, message, reconnect, then %s: DISCONNECTED, untracked, and each throw reported as ERR_WSI_LISTENER_FAILED',
      async (ending) => {
        const c = fixture.connection({ random: () => 0, reconnect: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1 } });
        const { events, states, messages } = probe(c);
        const errors: CoreError[] = [];
        c.on('error', (error) => errors.push(error));
        const thrown: Error[] = [];
        c.on(event, () => {
          const error = new Error(`listener of ${event} failed`);
          thrown.push(error);
          throw error;
        });

        await withTimeout(c.connect(), 5000, 'connect');
        expect(c.state).toBe('READY');

        const echoed = waitForEvent(events, 'message');
        c.send('echo me');
        expect((await echoed)[0]).toBe('echo me');

        const back = waitForEvent(events, 'ready');
        fixture.server.dropAll();
        await back;
        expect(c.state).toBe('READY');
        const afterReconnect = waitForEvent(events, 'message');
        c.send('again');
        expect((await afterReconnect)[0]).toBe('again');

        if (ending === 'close') expect((await withTimeout(c.close(), 5000, 'close')).forced).toBe(false);
        else c.terminate();
        await oneTurn();

        expect(c.state).toBe('DISCONNECTED');
        expect(fixture.registry.size).toBe(0);
        expect(messages).toEqual(['echo me', 'again']);
        expect(states.slice(0, 3)).toEqual(CYCLE);
        expect(states.slice(-1)).toEqual(['DISCONNECTED']);
        expect(thrown.length).toBeGreaterThan(0);
        expect(errors.map((error) => error.code)).toEqual(thrown.map(() => 'ERR_WSI_LISTENER_FAILED'));
        expect(errors.map((error) => error.cause)).toEqual(thrown);
      },
    );
  });

  it('a throwing state listener that also closes the connection on CONNECTING still closes cleanly', async () => {
    const c = fixture.connection();
    const errors: CoreError[] = [];
    c.on('error', (error) => errors.push(error));
    let closing: Promise<unknown> | undefined;
    c.on('state', ({ to }) => {
      if (to === 'CONNECTING') closing = c.close();
      throw new Error(`state ${to}`);
    });
    const connecting = c.connect();
    await expect(withTimeout(connecting, 5000, 'connect')).rejects.toMatchObject({ code: 'ERR_WSI_CLOSED' });
    await withTimeout(closing!, 5000, 'close');
    expect(c.state).toBe('DISCONNECTED');
    expect(fixture.registry.size).toBe(0);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(new Set(errors.map((error) => error.code))).toEqual(new Set(['ERR_WSI_LISTENER_FAILED']));
  });
});

describe('a listener failure nobody hears, and a throwing error listener', () => {
  const url = 'ws://127.0.0.1:1/';

  /** Runs `act` with queueMicrotask captured (restored before returning) and returns the queued callbacks. */
  function captureMicrotasks(act: () => void): (() => void)[] {
    const queued: (() => void)[] = [];
    const spy = jest.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => {
      queued.push(callback);
    });
    try {
      act();
    } finally {
      spy.mockRestore();
    }
    return queued;
  }

  it('without an error listener, the ERR_WSI_LISTENER_FAILED error is a process warning, nothing is thrown, and the lifecycle goes on', () => {
    const registry = createRegistry();
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const d = new Connection({ url, registry, reconnect: false });
      const cause = new Error('boom');
      d.on('state', () => {
        throw cause;
      });
      const rethrown = captureMicrotasks(() => {
        d.connect().catch(() => undefined);
      });
      expect(d.state).toBe('CONNECTING');
      expect(rethrown).toHaveLength(0);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]?.[0]).toMatchObject({ code: 'ERR_WSI_LISTENER_FAILED', cause });
      d.terminate();
      expect(d.state).toBe('DISCONNECTED');
      expect(registry.size).toBe(0);
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      warn.mockRestore();
    }
  });

  it('when the error listener itself throws, what it threw is rethrown from a microtask', () => {
    const registry = createRegistry();
    const c = new Connection({ url, registry, reconnect: false });
    const fromErrorListener = new Error('error listener failed');
    const heard: CoreError[] = [];
    c.on('state', () => {
      throw new Error('state listener failed');
    });
    c.on('error', (error) => {
      heard.push(error);
      throw fromErrorListener;
    });
    const rethrown = captureMicrotasks(() => {
      c.connect().catch(() => undefined);
    });
    expect(heard.map((error) => error.code)).toEqual(['ERR_WSI_LISTENER_FAILED']);
    expect(rethrown).toHaveLength(1);
    expect(() => rethrown[0]!()).toThrow(fromErrorListener);
    const onTerminate = captureMicrotasks(() => c.terminate());
    expect(c.state).toBe('DISCONNECTED');
    expect(registry.size).toBe(0);
    expect(onTerminate).toHaveLength(1);
  });
});
