import { getRegistry, TRACKED_HANDLE_KEY, untrackOwned } from '@ws-isolation/registry';
import { withTimeout } from '@ws-isolation/test-utils';
import {
  getMockNetwork,
  type ConnectAttempt,
  type Frame,
  type FrameSink,
  MOCK_NETWORK_KEY,
  MockServer,
  MockSocketErrorCode,
  MockWebSocket,
  resetMockNetwork,
} from '../src';
import { whenClosed, whenOpen } from './support/client';

afterEach(async () => {
  await resetMockNetwork();
  expect(getRegistry().list()).toEqual([]);
});

describe('the mock network', () => {
  it('lives at the versioned global symbol', () => {
    const network = getMockNetwork();
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('ws-isolation.mock-network/v1')]).toBe(network);
    expect(MOCK_NETWORK_KEY).toBe(Symbol.for('ws-isolation.mock-network/v1'));
  });

  it('refuses a second live server on one URL with ERR_WSI_URL_IN_USE, and frees the URL on close', async () => {
    const first = new MockServer({ url: 'ws://localhost:8080' });
    expect(() => new MockServer({ url: 'ws://localhost:8080/' })).toThrow(
      expect.objectContaining({ code: MockSocketErrorCode.URL_IN_USE }),
    );
    // The failed constructor left nothing behind: the first server still works.
    await whenOpen(new MockWebSocket('ws://localhost:8080'));
    await first.close();
    const second = new MockServer({ url: 'ws://localhost:8080' });
    await whenOpen(new MockWebSocket('ws://localhost:8080/any/path?x=1'));
    expect(second.connections).toHaveLength(1);
  });

  it('fails a connection to a URL with no server: error, then close 1006', async () => {
    await expect(whenClosed(new MockWebSocket('ws://nobody.invalid:1234'))).resolves.toEqual({
      code: 1006,
      reason: '',
      wasClean: false,
      errorBefore: true,
    });
  });

  it('gives { port: 0 } servers distinct URLs, and accepts http: URLs on the client as ws:', async () => {
    const a = new MockServer({ port: 0 });
    const b = new MockServer({ port: 0 });
    expect(a.url).not.toBe(b.url);
    expect(a.address()).toEqual({ address: '127.0.0.1', family: 'IPv4', port: Number(new URL(a.url).port) });
    const socket = new MockWebSocket(a.url.replace('ws:', 'http:'));
    expect(socket.url).toBe(a.url);
    await whenOpen(socket);
  });

  it('only accepts the path a server asked for', async () => {
    const server = new MockServer({ port: 0, path: '/chat' });
    const chat = new URL('/chat', server.url).href;
    await whenOpen(new MockWebSocket(chat));
    await expect(whenClosed(new MockWebSocket(new URL('/other', server.url).href))).resolves.toMatchObject({
      code: 1006,
      errorBefore: true,
    });
  });

  it('is shared by every copy of the package', async () => {
    let Copy!: typeof import('../src');
    jest.isolateModules(() => {
      Copy = jest.requireActual('../src');
    });
    expect(Copy.MockServer).not.toBe(MockServer);
    expect(Copy.getMockNetwork()).toBe(getMockNetwork());
    const server = new Copy.MockServer({ port: 0 });
    await whenOpen(new MockWebSocket(server.url));
    expect(server.clients.size).toBe(1);
  });

  it('talks text with a copy whose sinks take frames only (one from before text travelled as strings)', async () => {
    const server = new MockServer({ port: 0 });
    server.on('connection', (socket) =>
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })),
    );
    const frames: Frame[] = [];
    let answered: (frame: Frame) => void = () => undefined;
    const answer = new Promise<Frame>((resolve) => (answered = resolve));
    let toServer: FrameSink | undefined;
    const opened = new Promise<void>((resolve) => {
      const attempt: ConnectAttempt = {
        url: server.url,
        protocols: [],
        headers: {},
        signal: new AbortController().signal,
        // An old client's sink: `deliver` only.
        client: {
          deliver: (frame) => {
            frames.push(frame);
            if (frame.type === 'open') resolve();
            if (frame.type === 'message') answered(frame);
          },
        },
        accept: (sink) => (toServer = sink),
        refuse: () => undefined,
      };
      getMockNetwork()
        .servers()
        .find((listening) => listening.url === server.url)!
        .connect(attempt);
    });
    await withTimeout(opened, 10_000, 'the handshake');
    // What an old client sends: a text frame with its bytes only.
    toServer!.deliver({ type: 'message', data: Buffer.from('héllo'), isBinary: false });
    const echoed = await withTimeout(answer, 10_000, 'the echo');
    expect(echoed).toMatchObject({ type: 'message', isBinary: false });
    expect((echoed as { data: Buffer }).data.toString('utf8')).toBe('héllo');
    expect([...server.clients][0]!.messages).toEqual(['héllo']);
    toServer!.deliver({ type: 'drop' });
  });

  it('resetMockNetwork() closes every server and client, and frees every URL', async () => {
    const server = new MockServer({ url: 'ws://reset.test' });
    const socket = new MockWebSocket('ws://reset.test');
    await whenOpen(socket);
    const closed = whenClosed(socket);
    await withTimeout(resetMockNetwork(), 10_000, 'reset');
    await expect(closed).resolves.toEqual({ code: 1001, reason: 'server closing', wasClean: true, errorBefore: false });
    expect(server.state).toBe('closed');
    expect(getMockNetwork().servers()).toEqual([]);
    new MockServer({ url: 'ws://reset.test' });
  });
});

describe('registry tracking', () => {
  it('tracks servers (mock-server) and clients (mock-socket) with url, id and state', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    await whenOpen(socket);
    const entries = getRegistry().list();
    expect(entries.map((entry) => entry.kind)).toEqual(['mock-server', 'mock-socket']);
    expect(entries[0]!.label).toContain(server.url);
    expect(entries[0]!.state).toBe('listening');
    expect(entries[1]!).toMatchObject({ state: 'OPEN' });
    expect(entries[1]!.label).toMatch(/^mock-socket mock-socket-\S+ ws:\/\/127\.0\.0\.1:\d+\/ OPEN$/);
    expect(entries[1]!.stack.split('\n')[0]).toMatch(/network\.test\.ts/);
  });

  it('exposes its tracked handle, so an owner can adopt the socket with untrackOwned', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    const handle = socket[TRACKED_HANDLE_KEY];
    expect(getRegistry().has(handle)).toBe(true);
    expect(handle.kind).toBe('mock-socket');
    expect(untrackOwned(getRegistry(), socket)).toBe(true);
    expect(
      getRegistry()
        .list()
        .map((entry) => entry.kind),
    ).toEqual(['mock-server']);
    await whenOpen(socket);
    socket.close();
  });

  it('untracks a client once it is closed', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    await whenOpen(socket);
    const closed = whenClosed(socket);
    socket.close();
    await closed;
    expect(
      getRegistry()
        .list()
        .map((entry) => entry.kind),
    ).toEqual(['mock-server']);
  });

  it('tracks in the default scope, so test-scope cleanup leaves file-scope servers listening', async () => {
    const registry = getRegistry();
    const previous = registry.setDefaultScope('file');
    const fileServer = new MockServer({ url: 'ws://file.test' });
    registry.setDefaultScope('test');
    const testServer = new MockServer({ url: 'ws://test.test' });
    const socket = new MockWebSocket('ws://file.test');
    await whenOpen(socket);
    registry.setDefaultScope(previous);
    const report = await registry.cleanupAll({ scope: 'test', timeoutMs: 500 });
    expect(report.closed.map((entry) => entry.kind).sort()).toEqual(['mock-server', 'mock-socket']);
    expect(testServer.state).toBe('closed');
    expect(fileServer.state).toBe('listening');
    // The URL the test-scope server had is free again.
    new MockServer({ url: 'ws://test.test' });
  });
});
