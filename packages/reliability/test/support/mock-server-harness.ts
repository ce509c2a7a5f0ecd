import type { WebSocketConstructor } from '@ws-isolation/core';
import { MockServer, MockWebSocket, type MockServerSocket } from '@ws-isolation/mock-socket';
import type { ServerHarness, ServerHarnessOptions } from './server-harness';
import { createServerState } from './server-state';

let servers = 0;

/** A cell's server on the in-memory transport; its URL is unique to the cell. */
export async function startMockServer(options: ServerHarnessOptions = {}): Promise<ServerHarness> {
  servers += 1;
  const server = new MockServer({ url: `ws://cell-${servers}.reliability.test/session` });
  const state = createServerState<MockServerSocket>(options, () => server.crash());
  const healing: (() => void)[] = [];
  server.on('connection', (socket: MockServerSocket) => state.handle(socket));
  return {
    transport: 'mock',
    url: server.url,
    WebSocket: MockWebSocket as unknown as WebSocketConstructor,
    received: state.received,
    sessions: state.sessions,
    get open() {
      return state.live.size;
    },
    waitForReceived: state.waitForReceived,
    waitForSessions: state.waitForSessions,
    drop: state.drop,
    crash() {
      state.crash();
    },
    async restart() {
      state.restarted();
      for (const stop of healing.splice(0)) stop();
      server.restart();
    },
    refuse() {
      healing.push(server.fault('refuse'));
    },
    async slowOpenUrl() {
      healing.push(server.fault('delay-open', { ms: 600_000 }));
      return server.url;
    },
    ignoreClose() {
      server.fault('ignore-close');
    },
    async close() {
      server.clearFaults();
      server.terminate();
      if (server.state !== 'closed') await server.close();
    },
  };
}
