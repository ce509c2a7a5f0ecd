import { MockServer, MockWebSocket } from '@ws-isolation/mock-socket';
import { createRegistry } from '@ws-isolation/registry';
import { ManualClock as TestUtilsClock, waitForEvent } from '@ws-isolation/test-utils';
import { Connection, type StateChange } from '../src';
import { ManualClock } from '../src/testing';

describe('@ws-isolation/core/testing', () => {
  it('exports the ManualClock the packages test with', () => {
    expect(ManualClock).toBe(TestUtilsClock);
  });

  it("drives a connection's deadlines: a handshake the server never answers times out when the clock says so", async () => {
    const server = new MockServer({ url: 'ws://silent.test/' });
    const registry = createRegistry();
    const clock = new ManualClock();
    try {
      const connection = new Connection({
        url: server.url,
        WebSocket: MockWebSocket,
        registry,
        clock,
        reconnect: false,
        handshakeTimeoutMs: 1000,
      });
      const opened = waitForEvent(connection, 'state', {
        filter: (change) => (change as StateChange).to === 'CONNECTED',
      });
      const connecting = connection.connect();
      connecting.catch(() => undefined);
      await opened;
      await clock.advanceAsync(999);
      expect(connection.state).not.toBe('DISCONNECTED');
      await clock.advanceAsync(1);
      await expect(connecting).rejects.toMatchObject({ code: 'ERR_WSI_HANDSHAKE_TIMEOUT' });
      expect(registry.size).toBe(0);
    } finally {
      await server.close();
    }
  });
});
