/**
 * Bad input, one table per entry point: each case asserts the stable code (or,
 * for the WHATWG client, the DOMException name the standard demands) and that
 * the object, the network and the registry are still usable afterwards.
 */
import { getRegistry } from '@ws-isolation/registry';
import { ManualClock, thrownBy, waitForEvent } from '@ws-isolation/test-utils';
import {
  createWsModule,
  getMockNetwork,
  MockServer,
  MockSocketError,
  MockSocketErrorCode,
  MockWebSocket,
  resetMockNetwork,
  type MockServerSocket,
} from '../src';
import { collectMessages, whenOpen } from './support/client';

afterEach(async () => {
  await resetMockNetwork();
  expect(getRegistry().list()).toEqual([]);
});

const coded = (code: string): unknown => expect.objectContaining({ code });

/** A client and its server connection, both open. */
async function connectedPair(server: MockServer): Promise<{ client: MockWebSocket; connection: MockServerSocket }> {
  const client = new MockWebSocket(server.url);
  const opened = whenOpen(client);
  const connection = await server.nextConnection();
  await opened;
  return { client, connection };
}

/** Both ends still carry a message each way. */
async function expectUsable(client: MockWebSocket, connection: MockServerSocket): Promise<void> {
  expect([client.readyState, connection.readyState]).toEqual([1, 1]);
  const received = collectMessages(client);
  client.send('still here');
  await expect(connection.nextMessage()).resolves.toBe('still here');
  const back = waitForEvent(client, 'message');
  connection.send('back');
  await back;
  expect(received).toEqual(['back']);
}

/** The server accepts a new client that can talk to it. */
async function expectServerWorks(server: MockServer): Promise<void> {
  const { client, connection } = await connectedPair(server);
  await expectUsable(client, connection);
}

describe('new MockServer() with bad options', () => {
  const cases: Array<[string, unknown, string]> = [
    ['options null', null, MockSocketErrorCode.INVALID_OPTION],
    ['options a string', 'ws://a.test', MockSocketErrorCode.INVALID_OPTION],
    ['url with scheme ftp:', { url: 'ftp://a.test' }, MockSocketErrorCode.INVALID_URL],
    ['url with scheme file:', { url: 'file:///tmp/x' }, MockSocketErrorCode.INVALID_URL],
    ['url unparsable', { url: 'not a url' }, MockSocketErrorCode.INVALID_URL],
    ['url empty', { url: '' }, MockSocketErrorCode.INVALID_URL],
    ['url a number', { url: 42 }, MockSocketErrorCode.INVALID_URL],
    ['url with a fragment', { url: 'ws://a.test/#room' }, MockSocketErrorCode.INVALID_URL],
    ['url with an empty fragment', { url: 'ws://a.test/#' }, MockSocketErrorCode.INVALID_URL],
    ['url and port together', { url: 'ws://a.test', port: 1 }, MockSocketErrorCode.INVALID_OPTION],
    ['port negative', { port: -1 }, MockSocketErrorCode.INVALID_OPTION],
    ['port non-integer', { port: 80.5 }, MockSocketErrorCode.INVALID_OPTION],
    ['port above 65535', { port: 65_536 }, MockSocketErrorCode.INVALID_OPTION],
    ['port NaN', { port: Number.NaN }, MockSocketErrorCode.INVALID_OPTION],
    ['port a string', { port: '8080' }, MockSocketErrorCode.INVALID_OPTION],
    ['port null', { port: null }, MockSocketErrorCode.INVALID_OPTION],
    ['host empty', { port: 0, host: '' }, MockSocketErrorCode.INVALID_OPTION],
    ['host with a slash', { port: 0, host: 'a/b' }, MockSocketErrorCode.INVALID_OPTION],
    ['path without a leading slash', { port: 0, path: 'chat' }, MockSocketErrorCode.INVALID_OPTION],
    ['handleProtocols not a function', { handleProtocols: 'first' }, MockSocketErrorCode.INVALID_OPTION],
    ['clock without timers', { clock: { now: () => 0 } }, MockSocketErrorCode.INVALID_OPTION],
    ['clock null', { clock: null }, MockSocketErrorCode.INVALID_OPTION],
    ['closeTimeoutMs negative', { closeTimeoutMs: -1 }, MockSocketErrorCode.INVALID_OPTION],
    ['closeTimeoutMs NaN', { closeTimeoutMs: Number.NaN }, MockSocketErrorCode.INVALID_OPTION],
    ['closeTimeoutMs Infinity', { closeTimeoutMs: Number.POSITIVE_INFINITY }, MockSocketErrorCode.INVALID_OPTION],
    ['maxPayload negative', { maxPayload: -1 }, MockSocketErrorCode.INVALID_OPTION],
    ['maxPayload non-integer', { maxPayload: 1.5 }, MockSocketErrorCode.INVALID_OPTION],
    ['maxPayload NaN', { maxPayload: Number.NaN }, MockSocketErrorCode.INVALID_OPTION],
    ['maxPayload Infinity', { maxPayload: Number.POSITIVE_INFINITY }, MockSocketErrorCode.INVALID_OPTION],
    ['maxPayload a string', { maxPayload: '1024' }, MockSocketErrorCode.INVALID_OPTION],
    ['maxPayload null', { maxPayload: null }, MockSocketErrorCode.INVALID_OPTION],
    ['maxPayload above MAX_SAFE_INTEGER', { maxPayload: 2 ** 53 }, MockSocketErrorCode.INVALID_OPTION],
    ['faults (not an option: faults are set with fault())', { faults: ['refuse'] }, MockSocketErrorCode.INVALID_OPTION],
    ['a misspelt option', { prot: 0 }, MockSocketErrorCode.INVALID_OPTION],
    [
      'an own __proto__ key from JSON',
      JSON.parse('{"port":0,"__proto__":{"maxPayload":1}}'),
      MockSocketErrorCode.INVALID_OPTION,
    ],
  ];

  it.each(cases)(
    'refuses %s; nothing listens or is tracked, and the network still works',
    async (_name, options, code) => {
      const servers = getMockNetwork().servers().length;
      const error = thrownBy(() => new MockServer(options as never));
      expect(error).toBeInstanceOf(MockSocketError);
      expect(error).toEqual(coded(code));
      expect(getMockNetwork().servers()).toHaveLength(servers);
      expect(getRegistry().list()).toEqual([]);
      await expectServerWorks(new MockServer({ port: 0 }));
    },
  );

  it('names the option and shows the value received', () => {
    expect(thrownBy(() => new MockServer({ maxPayload: -7 }))).toMatchObject({
      message: expect.stringMatching(/maxPayload.*-7/),
    });
    expect(thrownBy(() => new MockServer({ port: 80.5 }))).toMatchObject({
      message: expect.stringMatching(/port.*80\.5/),
    });
  });

  it('refuses a second live server on one URL (loopback names are one host) and the first keeps working', async () => {
    const first = new MockServer({ url: 'ws://localhost:7400' });
    for (const url of ['ws://localhost:7400', 'ws://127.0.0.1:7400/', 'http://[::1]:7400/other']) {
      expect(thrownBy(() => new MockServer({ url }))).toEqual(coded(MockSocketErrorCode.URL_IN_USE));
    }
    expect(
      getRegistry()
        .list()
        .map((entry) => entry.kind),
    ).toEqual(['mock-server']);
    expect(getMockNetwork().find('ws://localhost:7400')?.url).toBe(first.url);
    await expectServerWorks(first);
    await first.close();
    await expectServerWorks(new MockServer({ url: 'ws://127.0.0.1:7400' }));
  });
});

describe('new MockWebSocket() with bad input', () => {
  const syntaxErrors: Array<[string, unknown, unknown]> = [
    ['an unparsable URL', 'not a url', undefined],
    ['an empty URL', '', undefined],
    ['a relative URL', '/chat', undefined],
    ['scheme ftp:', 'ftp://a.test', undefined],
    ['a fragment', 'ws://a.test/#room', undefined],
    ['an empty fragment', 'ws://a.test/#', undefined],
    ['duplicate subprotocols', 'ws://a.test', ['chat', 'chat']],
    ['duplicate subprotocols differing in case', 'ws://a.test', ['chat', 'CHAT']],
    ['an empty subprotocol', 'ws://a.test', ['']],
    ['a subprotocol with a space', 'ws://a.test', 'bad protocol'],
    ['a subprotocol with a comma', 'ws://a.test', ['a,b']],
    ['a non-ASCII subprotocol', 'ws://a.test', ['chät']],
    ['a non-iterable object as subprotocols', 'ws://a.test', {}],
  ];

  it.each(syntaxErrors)(
    'throws SyntaxError for %s, tracks nothing, and others still connect',
    async (_name, url, protocols) => {
      const server = new MockServer({ port: 0 });
      const error = thrownBy(() => new MockWebSocket(url as string, protocols as string[]));
      expect(error).toBeInstanceOf(DOMException);
      expect((error as DOMException).name).toBe('SyntaxError');
      expect(
        getRegistry()
          .list()
          .map((entry) => entry.kind),
      ).toEqual(['mock-server']);
      await expectServerWorks(server);
    },
  );

  it('converts subprotocols as WebIDL does: a number is a string, a symbol a TypeError', async () => {
    const server = new MockServer({ port: 0 });
    expect(thrownBy(() => new MockWebSocket(server.url, [Symbol('x')] as never))).toBeInstanceOf(TypeError);
    const client = new MockWebSocket(server.url, 42 as never);
    await whenOpen(client);
    expect(client.protocol).toBe('42');
  });

  it.each([
    ['options a string', 'fast'],
    ['headers a number', { headers: 5 }],
    ['headers an array', { headers: [['x', '1']] }],
    ['a header name with a space', { headers: { 'x user': 'ann' } }],
    ['a misspelt option (headres)', { headres: { 'x-name': 'ann' } }],
  ])('refuses the non-standard %s with ERR_WSI_INVALID_OPTION', async (_name, options) => {
    const server = new MockServer({ port: 0 });
    expect(thrownBy(() => new MockWebSocket(server.url, [], options as never))).toEqual(
      coded(MockSocketErrorCode.INVALID_OPTION),
    );
    await expectServerWorks(server);
  });

  it('takes headers from JSON with a __proto__ key as an ordinary header, without touching Object.prototype', async () => {
    const server = new MockServer({ port: 0 });
    const seen = waitForEvent(server, 'connection');
    const headers = JSON.parse('{"__proto__":{"polluted":"yes"},"X-Name":"ann"}') as Record<string, string>;
    await whenOpen(new MockWebSocket(server.url, [], { headers }));
    const [, request] = (await seen) as [unknown, { headers: Record<string, string> }];
    expect(request.headers['x-name']).toBe('ann');
    expect(Object.prototype.hasOwnProperty.call(request.headers, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('MockWebSocket close() and send() with bad input', () => {
  const closes: Array<[string, unknown[], string]> = [
    ['code 999', [999], 'InvalidAccessError'],
    ['code 1001', [1001], 'InvalidAccessError'],
    ['code 1005', [1005], 'InvalidAccessError'],
    ['code 1006', [1006], 'InvalidAccessError'],
    ['code 2999', [2999], 'InvalidAccessError'],
    ['code 5000', [5000], 'InvalidAccessError'],
    ['code 0', [0], 'InvalidAccessError'],
    ['code -1 (clamped to 0)', [-1], 'InvalidAccessError'],
    ['code NaN (converted to 0)', [Number.NaN], 'InvalidAccessError'],
    ['code a word (converted to 0)', ['normal'], 'InvalidAccessError'],
    ['code 70000 (clamped to 65535)', [70_000], 'InvalidAccessError'],
    ['a bad code with a bad reason: the code is checked first', [999, 'x'.repeat(200)], 'InvalidAccessError'],
    ['a reason of 124 bytes', [1000, 'x'.repeat(124)], 'SyntaxError'],
    ['a reason of 62 two-byte characters', [3000, 'é'.repeat(62)], 'SyntaxError'],
    ['a reason of 42 lone surrogates (3 bytes each once converted)', [1000, '\uD800'.repeat(42)], 'SyntaxError'],
  ];

  it.each(closes)(
    'close() with %s throws the DOMException the standard names and stays OPEN',
    async (_name, args, name) => {
      const server = new MockServer({ port: 0 });
      const { client, connection } = await connectedPair(server);
      const error = thrownBy(() => (client.close as (...a: unknown[]) => void)(...args));
      expect(error).toBeInstanceOf(DOMException);
      expect((error as DOMException).name).toBe(name);
      await expectUsable(client, connection);
    },
  );

  it('close() rounds a fractional code as WebIDL [Clamp] does, so 1000.4 is 1000', async () => {
    const server = new MockServer({ port: 0 });
    const { client, connection } = await connectedPair(server);
    const closed = waitForEvent(connection, 'close');
    client.close(1000.4);
    await expect(closed).resolves.toEqual([1000, Buffer.alloc(0)]);
  });

  it('close() with a bad code while CONNECTING throws and leaves the socket CONNECTING, then it opens', async () => {
    const server = new MockServer({ port: 0 });
    const client = new MockWebSocket(server.url);
    const opened = whenOpen(client);
    expect((thrownBy(() => client.close(4999.9)) as DOMException).name).toBe('InvalidAccessError');
    expect(client.readyState).toBe(MockWebSocket.CONNECTING);
    const connection = await server.nextConnection();
    await opened;
    await expectUsable(client, connection);
  });

  it('send() while CONNECTING throws InvalidStateError, queues nothing, and the socket opens and sends', async () => {
    const server = new MockServer({ port: 0 });
    const client = new MockWebSocket(server.url);
    const opened = whenOpen(client);
    const error = thrownBy(() => client.send('too early'));
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('InvalidStateError');
    expect([client.readyState, client.bufferedAmount]).toEqual([MockWebSocket.CONNECTING, 0]);
    const connection = await server.nextConnection();
    await opened;
    await expectUsable(client, connection);
    expect(connection.messages).toEqual(['still here']);
  });
});

describe('server connection send(), close(), ping() with bad arguments, as ws', () => {
  const closes: Array<[string, unknown[]]> = [
    ['code a string', ['1000']],
    ['code 999', [999]],
    ['code 1004', [1004]],
    ['code 1005', [1005]],
    ['code 1006', [1006]],
    ['code 2000', [2000]],
    ['code 5000', [5000]],
    ['code 1000.5', [1000.5]],
    ['code NaN', [Number.NaN]],
    ['code null', [null]],
    ['a reason over 123 bytes', [1000, 'x'.repeat(124)]],
  ];

  it.each(closes)('close() with %s throws ERR_WSI_INVALID_CLOSE and stays open', async (_name, args) => {
    const server = new MockServer({ port: 0 });
    const { client, connection } = await connectedPair(server);
    expect(thrownBy(() => (connection.close as (...a: unknown[]) => void)(...args))).toEqual(
      coded(MockSocketErrorCode.INVALID_CLOSE),
    );
    await expectUsable(client, connection);
  });

  const sends: Array<[string, unknown[], string]> = [
    ['a plain object', [{ type: 'hello' }], MockSocketErrorCode.INVALID_MESSAGE],
    ['true', [true], MockSocketErrorCode.INVALID_MESSAGE],
    ['a symbol', [Symbol('x')], MockSocketErrorCode.INVALID_MESSAGE],
    ['a bigint', [10n], MockSocketErrorCode.INVALID_MESSAGE],
    ['a function', [() => 'x'], MockSocketErrorCode.INVALID_MESSAGE],
    ['a callback that is not a function', ['x', {}, 'done'], MockSocketErrorCode.INVALID_OPTION],
  ];

  it.each(sends)('send() with %s throws %s, sends nothing, and stays open', async (_name, args, code) => {
    const server = new MockServer({ port: 0 });
    const { client, connection } = await connectedPair(server);
    const received = collectMessages(client);
    expect(thrownBy(() => (connection.send as (...a: unknown[]) => void)(...args))).toEqual(coded(code));
    await expectUsable(client, connection);
    expect(received).toEqual(['back']);
  });

  it('sends what ws sends for loose data: nothing as empty binary, numbers as text, byte arrays as binary', async () => {
    const server = new MockServer({ port: 0 });
    const { client, connection } = await connectedPair(server);
    const received = collectMessages(client);
    const four = waitForEvent(client, 'message', { filter: () => received.length === 5 });
    connection.send(undefined);
    connection.send(null);
    connection.send(42);
    connection.send([1, 2, 3]);
    connection.send('t', { binary: 'yes' as never });
    await four;
    expect(received).toEqual(['', '', '42', '010203', Buffer.from('t').toString('hex')]);
  });

  it('ping() over 125 bytes, or with a callback that is not a function, throws before sending', async () => {
    const server = new MockServer({ port: 0 });
    const { client, connection } = await connectedPair(server);
    expect(thrownBy(() => connection.ping('x'.repeat(126)))).toEqual(coded(MockSocketErrorCode.INVALID_MESSAGE));
    expect(thrownBy(() => connection.pong(Buffer.alloc(126)))).toEqual(coded(MockSocketErrorCode.INVALID_MESSAGE));
    expect(thrownBy(() => connection.ping('ok', false, 'cb' as never))).toEqual(
      coded(MockSocketErrorCode.INVALID_OPTION),
    );
    const pong = waitForEvent(connection, 'pong');
    connection.ping('x'.repeat(125));
    await expect(pong).resolves.toEqual([Buffer.from('x'.repeat(125))]);
    await expectUsable(client, connection);
  });

  it('broadcast() refuses data ws cannot send even with nobody connected', async () => {
    const server = new MockServer({ port: 0 });
    expect(thrownBy(() => server.broadcast({ type: 'news' }))).toEqual(coded(MockSocketErrorCode.INVALID_MESSAGE));
    await expectServerWorks(server);
  });
});

describe('waiting helpers with bad options', () => {
  const waits: Array<[string, (server: MockServer, connection: MockServerSocket) => Promise<unknown>]> = [
    ['nextConnection({ timeoutMs: -1 })', (server) => server.nextConnection({ timeoutMs: -1 })],
    ['nextConnection({ timeoutMs: "10" })', (server) => server.nextConnection({ timeoutMs: '10' as never })],
    ['nextConnection(null)', (server) => server.nextConnection(null as never)],
    ['waitForConnection({ nth: 0 })', (server) => server.waitForConnection({ nth: 0 })],
    ['waitForConnection({ nth: 1.5 })', (server) => server.waitForConnection({ nth: 1.5 })],
    ['waitForConnection({ nth: "1" })', (server) => server.waitForConnection({ nth: '1' as never })],
    ['waitForConnection({ timeoutMs: NaN })', (server) => server.waitForConnection({ timeoutMs: Number.NaN })],
    [
      'server nextMessage({ timeoutMs: Infinity })',
      (server) => server.nextMessage({ timeoutMs: Number.POSITIVE_INFINITY }),
    ],
    ['connection nextMessage({ timeoutMs: -5 })', (_server, connection) => connection.nextMessage({ timeoutMs: -5 })],
    ['connection nextMessage("soon")', (_server, connection) => connection.nextMessage('soon' as never)],
    ['nextConnection({ timeout: 10 }) (misspelt)', (server) => server.nextConnection({ timeout: 10 } as never)],
    ['waitForConnection({ nht: 2 }) (misspelt)', (server) => server.waitForConnection({ nht: 2 } as never)],
  ];

  it.each(waits)('%s rejects with ERR_WSI_INVALID_OPTION and uses up no place in line', async (_name, wait) => {
    const server = new MockServer({ port: 0 });
    const client = new MockWebSocket(server.url);
    const opened = whenOpen(client);
    const connection = await server.waitForConnection();
    await opened;
    await expect(wait(server, connection)).rejects.toEqual(coded(MockSocketErrorCode.INVALID_OPTION));
    await expect(server.nextConnection()).resolves.toBe(connection);
    client.send('first');
    await expect(server.nextMessage()).resolves.toBe('first');
    await expect(connection.nextMessage()).resolves.toBe('first');
  });
});

describe('fault() with bad values', () => {
  const serverFaults: Array<[string, unknown[], string]> = [
    ['an unknown name', ['explode'], MockSocketErrorCode.INVALID_FAULT],
    ['no name', [undefined], MockSocketErrorCode.INVALID_FAULT],
    ['latency without ms', ['latency'], MockSocketErrorCode.INVALID_OPTION],
    ['latency with ms -1', ['latency', { ms: -1 }], MockSocketErrorCode.INVALID_OPTION],
    ['latency with ms NaN', ['latency', { ms: Number.NaN }], MockSocketErrorCode.INVALID_OPTION],
    ['latency with ms a string', ['latency', { ms: '5' }], MockSocketErrorCode.INVALID_OPTION],
    [
      'delay-open with ms Infinity',
      ['delay-open', { ms: Number.POSITIVE_INFINITY }],
      MockSocketErrorCode.INVALID_OPTION,
    ],
    ['refuse with times 0', ['refuse', { times: 0 }], MockSocketErrorCode.INVALID_OPTION],
    ['refuse with times -1', ['refuse', { times: -1 }], MockSocketErrorCode.INVALID_OPTION],
    ['refuse with times 1.5', ['refuse', { times: 1.5 }], MockSocketErrorCode.INVALID_OPTION],
    ['refuse with times a string', ['refuse', { times: '2' }], MockSocketErrorCode.INVALID_OPTION],
    ['refuse with options null', ['refuse', null], MockSocketErrorCode.INVALID_OPTION],
    ['refuse with options a string', ['refuse', 'twice'], MockSocketErrorCode.INVALID_OPTION],
    ['refuse with a misspelt option', ['refuse', { time: 2 }], MockSocketErrorCode.INVALID_OPTION],
  ];

  it.each(serverFaults)('server.fault() with %s throws and turns nothing on', async (_name, args, code) => {
    // A manual clock nobody advances: a latency or delay that slipped through would stall the check below.
    const server = new MockServer({ port: 0, clock: new ManualClock() });
    expect(thrownBy(() => (server.fault as (...a: unknown[]) => void)(...args))).toEqual(coded(code));
    await expectServerWorks(server);
  });

  it.each([
    ['a server-only fault', ['refuse'], MockSocketErrorCode.INVALID_FAULT],
    ['latency with ms -1', ['latency', { ms: -1 }], MockSocketErrorCode.INVALID_OPTION],
    ['ignore-close with options a number', ['ignore-close', 3], MockSocketErrorCode.INVALID_OPTION],
  ])('connection.fault() with %s throws and turns nothing on', async (_name, args, code) => {
    const server = new MockServer({ port: 0, clock: new ManualClock() });
    const { client, connection } = await connectedPair(server);
    expect(thrownBy(() => (connection.fault as (...a: unknown[]) => void)(...args))).toEqual(coded(code));
    await expectUsable(client, connection);
  });
});

describe('createWsModule() with bad arguments', () => {
  it.each(['server', 'noServer', 'verifyClient'])(
    'WebSocketServer refuses %s with ERR_WSI_INVALID_OPTION',
    async (option) => {
      const ws = createWsModule();
      expect(thrownBy(() => new ws.WebSocketServer({ port: 0, [option]: true }))).toEqual(
        coded(MockSocketErrorCode.INVALID_OPTION),
      );
      await expectServerWorks(new ws.WebSocketServer({ port: 0 }));
    },
  );

  it('WebSocketServer takes a __proto__ key from JSON as an unknown option, never as a prototype', async () => {
    const ws = createWsModule();
    const options = JSON.parse('{"port":0,"clientTracking":true,"__proto__":{"maxPayload":1}}') as Record<
      string,
      unknown
    >;
    expect(thrownBy(() => new ws.WebSocketServer(options))).toEqual(coded(MockSocketErrorCode.INVALID_OPTION));
    expect(thrownBy(() => new ws.WebSocketServer(null as never))).toEqual(coded(MockSocketErrorCode.INVALID_OPTION));
    expect(({} as Record<string, unknown>).maxPayload).toBeUndefined();
    await expectServerWorks(new ws.WebSocketServer({ port: 0 }));
  });

  it('WebSocketServer refuses a misspelt option', async () => {
    const ws = createWsModule();
    const error = thrownBy(() => new ws.WebSocketServer({ port: 0, maxPayLoad: 10 }));
    expect(error).toEqual(coded(MockSocketErrorCode.INVALID_OPTION));
    await expectServerWorks(new ws.WebSocketServer({ port: 0 }));
  });

  it('the ws client takes ws client options it has no use for (as ws hands them to http.request), and the headers', async () => {
    const ws = createWsModule();
    const server = new MockServer({ port: 0 });
    const seen = waitForEvent(server, 'connection');
    const options = { perMessageDeflate: false, handshakeTimeout: 1000, headers: { 'X-Name': 'ann' } };
    const client = new ws.WebSocket(server.url, options as never);
    await whenOpen(client);
    const [, request] = (await seen) as [unknown, { headers: Record<string, string> }];
    expect(request.headers['x-name']).toBe('ann');
  });

  it('the ws client refuses a callback that is not a function, and a ping over 125 bytes', async () => {
    const ws = createWsModule();
    const server = new MockServer({ port: 0 });
    const client = new ws.WebSocket(server.url);
    const opened = whenOpen(client);
    const connection = await server.nextConnection();
    await opened;
    expect(thrownBy(() => client.send('x', {}, 'cb' as never))).toEqual(coded(MockSocketErrorCode.INVALID_OPTION));
    expect(thrownBy(() => client.ping('x'.repeat(126)))).toEqual(coded(MockSocketErrorCode.INVALID_MESSAGE));
    client.send('after');
    await expect(connection.nextMessage()).resolves.toBe('after');
  });
});
