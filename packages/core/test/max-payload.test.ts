import { waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { Connection, type CoreError, type IncomingData } from '../src';
import { useSessionFixture } from './support/session-fixture';
import { transports } from './support/transports';

const LIMIT = 16;

describe('maxPayload default', () => {
  it('is 100 MiB, as ws: a message of exactly that size is accepted by send() (queued before READY)', () => {
    const c = new Connection({ url: 'ws://127.0.0.1:1/', maxQueuedMessages: 2 });
    c.send(new Uint8Array(104_857_600));
    expect(() => c.send(new Uint8Array(104_857_601))).toThrow(
      expect.objectContaining({ code: 'ERR_WSI_MESSAGE_TOO_LARGE' }),
    );
    expect(c.queuedMessages).toBe(1);
    c.terminate();
  });
});

describe.each(transports)('maxPayload (%s)', (_name, transport) => {
  const fixture = useSessionFixture(transport);

  async function ready(): Promise<{ c: Connection; messages: IncomingData[]; errors: CoreError[] }> {
    const c = fixture.connection({ maxPayload: LIMIT });
    const messages: IncomingData[] = [];
    const errors: CoreError[] = [];
    c.on('message', (data) => messages.push(data));
    c.on('error', (error) => errors.push(error));
    await withTimeout(c.connect(), 5000, 'connect');
    return { c, messages, errors };
  }

  it.each<[string, string | Uint8Array, string | Uint8Array]>([
    ['ASCII text', 'x'.repeat(LIMIT + 1), 'x'.repeat(LIMIT)],
    ['multi-byte text (UTF-8 bytes count, not characters)', '€'.repeat(6), '€'.repeat(5)],
    ['binary', new Uint8Array(LIMIT + 1), new Uint8Array(LIMIT).fill(7)],
  ])(
    'send() of %s above the limit throws ERR_WSI_MESSAGE_TOO_LARGE, sends nothing, and the next send is delivered',
    async (_kind, tooLarge, fits) => {
      const { c, messages } = await ready();
      expect(() => c.send(tooLarge)).toThrow(expect.objectContaining({ code: 'ERR_WSI_MESSAGE_TOO_LARGE' }));
      const echoed = waitForEvent(c, 'message', { timeoutMs: 5000 });
      c.send(fits);
      await echoed;
      expect(messages).toEqual([fits]);
      expect(fixture.server.received).toEqual([fits]);
      expect(c.state).toBe('READY');
    },
  );

  it('send() above the limit before READY throws and queues nothing', () => {
    const c = fixture.connection({ maxPayload: LIMIT });
    expect(() => c.send('y'.repeat(LIMIT + 1))).toThrow(expect.objectContaining({ code: 'ERR_WSI_MESSAGE_TOO_LARGE' }));
    expect(c.queuedMessages).toBe(0);
    c.send('fits');
    expect(c.queuedMessages).toBe(1);
  });

  it.each<[string, string | Uint8Array]>([
    ['text', 'z'.repeat(LIMIT + 1)],
    ['multi-byte text', 'é'.repeat(9)],
    ['binary', new Uint8Array(LIMIT + 1)],
  ])(
    'an incoming %s message above the limit is not delivered: error ERR_WSI_MESSAGE_TOO_LARGE, and the connection stays READY',
    async (_kind, tooLarge) => {
      const { c, messages, errors } = await ready();
      const reported = waitForEvent(c, 'error', { timeoutMs: 5000 });
      fixture.server.sendToAll(tooLarge);
      await reported;
      expect(errors.map((error) => error.code)).toEqual(['ERR_WSI_MESSAGE_TOO_LARGE']);
      expect(messages).toEqual([]);
      expect(c.state).toBe('READY');

      const next = waitForEvent(c, 'message', { timeoutMs: 5000 });
      fixture.server.sendToAll('a'.repeat(LIMIT));
      await next;
      expect(messages).toEqual(['a'.repeat(LIMIT)]);
      expect(c.state).toBe('READY');
      expect((await withTimeout(c.close(), 5000, 'close')).forced).toBe(false);
    },
  );
  it('an incoming message above the limit with no error listener becomes a process warning, not a silent drop', async () => {
    const c = fixture.connection({ maxPayload: LIMIT });
    const messages: IncomingData[] = [];
    c.on('message', (data) => messages.push(data));
    await withTimeout(c.connect(), 5000, 'connect');
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const next = waitForEvent(c, 'message', { timeoutMs: 5000 });
      fixture.server.sendToAll('q'.repeat(LIMIT + 1));
      fixture.server.sendToAll('fits');
      await next;
      expect(messages).toEqual(['fits']);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]?.[0]).toMatchObject({ code: 'ERR_WSI_MESSAGE_TOO_LARGE' });
      expect(c.state).toBe('READY');
    } finally {
      warn.mockRestore();
    }
  });
});
