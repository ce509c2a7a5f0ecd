/**
 * The server half of the conformance test: the same server code, written for
 * `ws`, runs on a real `ws` 8 WebSocketServer (clients: undici 7 over
 * 127.0.0.1) and on `createWsModule()`'s server (clients: MockWebSocket), and
 * both runs must record the same trace.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { resetMockNetwork } from '../src';
import { mockServerSide, referenceServerSide, type ServerSide, type WsServerLike } from './support/server-sides';
import { Trace } from './support/trace';

afterAll(() => resetMockNetwork());

interface ServerScenario {
  name: string;
  expected: unknown[];
  run(side: ServerSide): Promise<unknown[]>;
}

/** A real `node:http` server on 127.0.0.1, port 0, and how to stop it with what `ws` servers it carries. */
async function startHttp(): Promise<{ server: http.Server; url: string; stop(wss: WsServerLike[]): Promise<void> }> {
  const server = http.createServer((_request, response) => response.writeHead(404).end());
  server.listen(0, '127.0.0.1');
  await waitForEvent(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `ws://127.0.0.1:${port}`,
    async stop(wss) {
      for (const each of wss) {
        for (const client of each.clients) (client as { terminate(): void }).terminate();
        await withTimeout(new Promise((resolve) => each.close(resolve)), 5000, 'a ws server to close');
      }
      server.closeAllConnections();
      await withTimeout(new Promise((resolve) => server.close(resolve)), 5000, 'the http server to close');
    },
  };
}

/** Echoes with a prefix, so a trace shows which server answered. */
function echoAs(wss: WsServerLike, name: string): void {
  wss.on('connection', (socket: { on(e: 'message', l: (d: Buffer) => void): void; send(d: string): void }) =>
    socket.on('message', (data) => socket.send(`${name}: ${data.toString()}`)),
  );
}

/** Connects, sends `hi` once open, closes after the first message; the trace of what the client saw. */
function visit(side: ServerSide, url: string, protocols?: string[]): Promise<unknown[]> {
  const trace = new Trace(new side.WebSocket(url, protocols));
  trace.socket.onopen = () => trace.socket.send('hi');
  trace.socket.onmessage = () => trace.socket.close(1000);
  return trace.done();
}

const refused = [
  { type: 'error', readyState: 3 },
  { type: 'close', readyState: 3, code: 1006, reason: '', wasClean: false },
];
const answered = (data: string, protocol = ''): unknown[] => [
  { type: 'open', readyState: 1, protocol, extensions: '' },
  { type: 'message', readyState: 1, data: `text:${data}` },
  { type: 'close', readyState: 3, code: 1000, reason: '', wasClean: true },
];

const scenarios: ServerScenario[] = [
  {
    name: 'wss.options.handleProtocols set after construction picks the subprotocol (as graphql-ws sets it)',
    expected: [answered('main: hi', 'v2')],
    async run(side) {
      const http = await startHttp();
      const wss = new side.WebSocketServer({ server: http.server });
      wss.options.handleProtocols = (protocols: Set<string>) => (protocols.has('v2') ? 'v2' : false);
      echoAs(wss, 'main');
      const trace = await visit(side, `${http.url}/`, ['v1', 'v2']);
      await http.stop([wss]);
      return [trace];
    },
  },
  {
    name: 'verifyClient, sync form: refused clients see error and close 1006, others connect',
    expected: [
      refused,
      answered('main: hi'),
      [
        { secure: false, url: '/?token=bad' },
        { secure: false, url: '/?token=ok' },
      ],
    ],
    async run(side) {
      const http = await startHttp();
      const seen: unknown[] = [];
      const wss = new side.WebSocketServer({
        server: http.server,
        verifyClient: (info: { secure: boolean; req: { url: string } }) => {
          seen.push({ secure: info.secure, url: info.req.url });
          return info.req.url === '/?token=ok';
        },
      });
      echoAs(wss, 'main');
      const bad = await visit(side, `${http.url}/?token=bad`);
      const good = await visit(side, `${http.url}/?token=ok`);
      await http.stop([wss]);
      // undici asks again after a refused handshake; the server sees the same request each time.
      return [bad, good, [...new Set(seen.map((entry) => JSON.stringify(entry)))].map((entry) => JSON.parse(entry))];
    },
  },
  {
    name: 'verifyClient, callback form: answered later, with a refusal code',
    expected: [refused, answered('main: hi')],
    async run(side) {
      const http = await startHttp();
      const wss = new side.WebSocketServer({
        server: http.server,
        verifyClient: (info: { req: { url: string } }, done: (ok: boolean, code?: number) => void) => {
          setImmediate(() => done(info.req.url === '/?token=ok', 403));
        },
      });
      echoAs(wss, 'main');
      const bad = await visit(side, `${http.url}/?token=bad`);
      const good = await visit(side, `${http.url}/?token=ok`);
      await http.stop([wss]);
      return [bad, good];
    },
  },
  {
    name: '{ server, path }: the path connects, another path is refused (400, as ws answers)',
    expected: [answered('chat: hi'), refused],
    async run(side) {
      const http = await startHttp();
      const wss = new side.WebSocketServer({ server: http.server, path: '/chat' });
      echoAs(wss, 'chat');
      const chat = await visit(side, `${http.url}/chat`);
      const other = await visit(side, `${http.url}/other`);
      await http.stop([wss]);
      return [chat, other];
    },
  },
  {
    name: 'noServer + handleUpgrade: two paths on one port, an unknown path destroyed, a 401 written first',
    expected: [answered('one: hi'), answered('two: hi'), refused, refused],
    async run(side) {
      const http = await startHttp();
      const one = new side.WebSocketServer({ noServer: true });
      const two = new side.WebSocketServer({ noServer: true });
      echoAs(one, 'one');
      echoAs(two, 'two');
      // The ws README's "multiple servers sharing a single HTTP server", with its authentication example.
      http.server.on('upgrade', (request, socket, head) => {
        const { pathname } = new URL(request.url ?? '/', 'http://localhost');
        const target = pathname === '/one' ? one : pathname === '/two' ? two : undefined;
        if (pathname === '/private') {
          socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
          socket.destroy();
        } else if (target === undefined) {
          socket.destroy();
        } else {
          target.handleUpgrade(request, socket, head, (ws) => target.emit('connection', ws, request));
        }
      });
      const traces = [];
      for (const path of ['/one', '/two', '/three', '/private']) traces.push(await visit(side, `${http.url}${path}`));
      await http.stop([one, two]);
      return traces;
    },
  },
  {
    name: 'close() on a server that is already closed emits close again, and its callback gets an error',
    expected: ['closed', 'close event again', 'callback: Error'],
    async run(side) {
      const wss = new side.WebSocketServer({ host: '127.0.0.1', port: 0 });
      await side.listening(wss);
      const trace: unknown[] = [];
      await withTimeout(new Promise<void>((resolve) => wss.close(() => resolve())), 5000, 'the first close');
      trace.push('closed');
      // The common teardown: it must not wait forever on a server closed earlier.
      const again = withTimeout(new Promise<void>((resolve) => wss.once('close', resolve)), 5000, 'close again');
      const callback = withTimeout(
        new Promise<unknown>((resolve) => wss.close(resolve)),
        5000,
        'the callback of the second close',
      );
      await again;
      trace.push('close event again');
      const error = await callback;
      trace.push(`callback: ${error instanceof Error ? 'Error' : String(error)}`);
      return trace;
    },
  },
];

// Each scenario runs on real `ws` and on createWsModule() in one test, and the two traces are compared
// there: no test depends on what an earlier one recorded, so any one of them can run alone.
describe('ws and createWsModule(), scenario by scenario', () => {
  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const traces: unknown[][] = [];
    for (const side of [referenceServerSide, mockServerSide]) {
      const trace = await scenario.run(side);
      traces.push(trace);
      expect({ side: side.name, trace }).toEqual({ side: side.name, trace: scenario.expected });
    }
    expect(traces[1]).toEqual(traces[0]);
  });
});
