import { MockServer, MockWebSocket } from '@ws-isolation/mock-socket';
import { createRegistry } from '@ws-isolation/registry';
import { withTimeout } from '@ws-isolation/test-utils';
import { Connection, acceptSession } from '../src';

// The mock example of the README, as written there.
describe('README example on the mock transport', () => {
  it('connects to READY with a session and closes cleanly', async () => {
    const server = new MockServer({ url: 'ws://chat.test/session' });
    const registry = createRegistry();
    try {
      server.on('connection', (socket) => acceptSession(socket));
      const connection = new Connection({ url: server.url, WebSocket: MockWebSocket, registry });
      await withTimeout(connection.connect(), 10_000, 'connect');
      expect(connection.state).toBe('READY');
      expect(connection.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await connection.close()).toEqual({ forced: false, code: 1000, reason: '', unsent: [], unconfirmed: [] });
    } finally {
      await server.close();
    }
  });
});
