/**
 * The suite benchmark's test files, one per library, each written the way
 * that library's README writes tests: 50 tests, each starting a server,
 * connecting 5 clients, exchanging 20 messages each way, and closing.
 * Libraries are required by absolute path: the fixture lives in a temp dir.
 */
export const SUITE_TESTS = 50;
const SUITE_CLIENTS = 5;
const SUITE_MESSAGES = 20;

const shared = `
const TESTS = ${SUITE_TESTS};
const CLIENTS = ${SUITE_CLIENTS};
const MESSAGES = ${SUITE_MESSAGES};
const opened = (client) => new Promise((resolve) => { client.onopen = resolve; });
/** Sends MESSAGES and resolves once as many echoes came back. */
const exchange = (client) => new Promise((resolve) => {
  let received = 0;
  client.onmessage = () => { received += 1; if (received === MESSAGES) resolve(); };
  for (let i = 0; i < MESSAGES; i += 1) client.send('message ' + i);
});
`;

/** Ours, under @ws-isolation/jest-environment: MockServer and MockWebSocket, the server closed by the test. */
export function oursFile(mockSocketPath: string): string {
  return `const { MockServer, MockWebSocket } = require(${JSON.stringify(mockSocketPath)});
${shared}
for (let t = 0; t < TESTS; t += 1) {
  test('echo ' + t, async () => {
    const server = new MockServer({ port: 0 });
    server.on('connection', (socket) => socket.on('message', (data) => socket.send(data.toString())));
    const clients = Array.from({ length: CLIENTS }, () => new MockWebSocket(server.url));
    await Promise.all(clients.map(opened));
    await Promise.all(clients.map(exchange));
    await server.close();
  });
}
`;
}

/** jest-websocket-mock: its WS server (which installs mock-socket's global WebSocket), WS.clean() after each test. */
export function jestWebsocketMockFile(jestWebsocketMockPath: string): string {
  return `const WS = require(${JSON.stringify(jestWebsocketMockPath)}).default;
${shared}
afterEach(() => WS.clean());
for (let t = 0; t < TESTS; t += 1) {
  test('echo ' + t, async () => {
    const url = 'ws://localhost:' + (20000 + t);
    const server = new WS(url);
    server.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
    const clients = Array.from({ length: CLIENTS }, () => new WebSocket(url));
    await server.connected;
    await Promise.all(clients.map((client) => (client.readyState === 1 ? undefined : opened(client))));
    await Promise.all(clients.map(exchange));
    server.close();
  });
}
`;
}

/** mock-socket: its Server and WebSocket, server.stop() at the end of each test. */
export function mockSocketFile(mockSocketPath: string): string {
  return `const { Server, WebSocket } = require(${JSON.stringify(mockSocketPath)});
${shared}
for (let t = 0; t < TESTS; t += 1) {
  test('echo ' + t, async () => {
    const url = 'ws://localhost:' + (30000 + t);
    const server = new Server(url);
    server.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
    const clients = Array.from({ length: CLIENTS }, () => new WebSocket(url));
    await Promise.all(clients.map(opened));
    await Promise.all(clients.map(exchange));
    await new Promise((resolve) => server.stop(resolve));
  });
}
`;
}
