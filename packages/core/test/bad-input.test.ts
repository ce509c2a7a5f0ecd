import { withTimeout } from '@ws-isolation/test-utils';
import { sendRaw } from './support/raw-client';
import { transports } from './support/transports';
import { useSessionFixture } from './support/session-fixture';

const polluted = (): unknown => (({}) as { polluted?: unknown }).polluted;
const welcome = (fields: Record<string, unknown>): string => JSON.stringify({ type: 'session.welcome', ...fields });
const hello = (fields: Record<string, unknown>): string => JSON.stringify({ type: 'session.hello', ...fields });

// Every server reply here is a malformed welcome: the handshake fails, never retried.
const badWelcomes: [string, string | Uint8Array][] = [
  ['a welcome without sessionId', welcome({})],
  ['a sessionId that is a number', welcome({ sessionId: 42 })],
  ['a sessionId that is an object', welcome({ sessionId: { id: 'abc' } })],
  ['an empty sessionId', welcome({ sessionId: '' })],
  ['a sessionId of 129 characters', welcome({ sessionId: 'x'.repeat(129) })],
  ['a sessionId with spaces', welcome({ sessionId: 'a b' })],
  ['a welcome inside an array', `[${welcome({ sessionId: 'abc' })}]`],
  ['null', 'null'],
  ['text that is not JSON', 'welcome!'],
  ['a truncated JSON welcome', welcome({ sessionId: 'abc' }).slice(0, -2)],
  ['a welcome sent as binary', new TextEncoder().encode(welcome({ sessionId: 'abc' }))],
  [
    'a sessionId only on "__proto__"',
    '{"type":"session.welcome","__proto__":{"sessionId":"injected","polluted":true}}',
  ],
  [
    'a sessionId only on "constructor.prototype"',
    '{"type":"session.welcome","constructor":{"prototype":{"sessionId":"injected","polluted":true}}}',
  ],
];

describe.each(transports)('malformed session messages on the client side (%s)', (_name, transport) => {
  const fixture = useSessionFixture(transport);

  it.each(badWelcomes)(
    '%s fails the handshake with ERR_WSI_HANDSHAKE_FAILED; the connection stays usable',
    async (_case, reply) => {
      await fixture.restart({ behaviour: 'garbage', reply });
      const c = fixture.connection();
      await expect(withTimeout(c.connect(), 5000, 'connect')).rejects.toMatchObject({
        code: 'ERR_WSI_HANDSHAKE_FAILED',
      });
      expect(c.state).toBe('DISCONNECTED');
      expect(fixture.registry.size).toBe(0);
      expect(polluted()).toBeUndefined();
      c.send('queued after the failure');
      await expect(withTimeout(c.close(), 5000, 'close')).resolves.toMatchObject({
        unsent: ['queued after the failure'],
      });
    },
  );

  it.each([
    [
      '"__proto__"',
      '{"type":"session.welcome","sessionId":"abc","__proto__":{"polluted":true,"sessionId":"injected"}}',
    ],
    [
      '"constructor.prototype"',
      '{"type":"session.welcome","sessionId":"abc","constructor":{"prototype":{"polluted":true}}}',
    ],
  ])(
    'a valid welcome that also carries %s is READY with its own sessionId and pollutes nothing',
    async (_case, reply) => {
      await fixture.restart({ behaviour: 'garbage', reply });
      const c = fixture.connection();
      await withTimeout(c.connect(), 5000, 'connect');
      expect(c.sessionId).toBe('abc');
      expect(polluted()).toBeUndefined();
    },
  );
});

// The table of bad hellos, for both transports (acceptSession's own tests cover timeouts, size and options).
const badHellos: [string, string | Uint8Array][] = [
  ['no clientId', hello({})],
  ['clientId a number', hello({ clientId: 42 })],
  ['clientId null', hello({ clientId: null })],
  ['clientId an array', hello({ clientId: ['abc'] })],
  ['clientId an object', hello({ clientId: { id: 'abc' } })],
  ['clientId empty', hello({ clientId: '' })],
  ['clientId of 129 characters', hello({ clientId: 'x'.repeat(129) })],
  ['previousSessionId a number', hello({ clientId: 'abc', previousSessionId: 5 })],
  ['previousSessionId null', hello({ clientId: 'abc', previousSessionId: null })],
  ['previousSessionId with spaces', hello({ clientId: 'abc', previousSessionId: 'a b' })],
  ['a binary hello', new TextEncoder().encode(hello({ clientId: 'abc' }))],
  ['text that is not JSON', 'hello?'],
  ['null', 'null'],
  ['a hello inside an array', `[${hello({ clientId: 'abc' })}]`],
  ['the wrong type', JSON.stringify({ type: 'session.ping', id: 1 })],
  ['no type', JSON.stringify({ clientId: 'abc' })],
  ['a clientId only on "__proto__"', '{"type":"session.hello","__proto__":{"clientId":"abc","polluted":true}}'],
  [
    'a clientId only on "constructor.prototype"',
    '{"type":"session.hello","constructor":{"prototype":{"clientId":"abc","polluted":true}}}',
  ],
];

describe.each(transports)('malformed hellos on the server side (%s)', (_name, transport) => {
  const fixture = useSessionFixture(transport);

  it.each(badHellos)(
    '%s is closed with 1008 and refused with ERR_WSI_INVALID_HELLO; the server goes on accepting',
    async (_case, data) => {
      const { closed, replied } = await sendRaw(fixture.server, data);
      expect(((await closed)[0] as { code: number }).code).toBe(1008);
      // The wait for a reply ended with the close at the latest, not by running out its timer.
      await replied.then(
        () => undefined,
        (error: Error) => expect(error.message).toBe('the socket closed without a reply'),
      );
      expect(await fixture.server.refusal(0)).toMatchObject({ code: 'ERR_WSI_INVALID_HELLO' });
      expect(polluted()).toBeUndefined();
      const c = fixture.connection();
      await withTimeout(c.connect(), 5000, 'connect after a bad hello');
      expect(fixture.server.sessions.map((s) => s.clientId)).toEqual([c.clientId]);
    },
  );

  it.each([
    ['"__proto__"', '{"type":"session.hello","clientId":"abc","__proto__":{"polluted":true,"clientId":"injected"}}'],
    [
      '"constructor.prototype"',
      '{"type":"session.hello","clientId":"abc","constructor":{"prototype":{"polluted":true}}}',
    ],
  ])('a valid hello that also carries %s is welcomed as usual and pollutes nothing', async (_case, data) => {
    const { replied } = await sendRaw(fixture.server, data);
    await replied;
    expect(await fixture.server.session(0)).toMatchObject({ clientId: 'abc', previousSessionId: undefined });
    expect(polluted()).toBeUndefined();
  });
});
