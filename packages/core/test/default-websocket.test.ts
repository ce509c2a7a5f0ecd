import { createRegistry } from '@ws-isolation/registry';
import { withTimeout } from '@ws-isolation/test-utils';
import { WebSocket as WsClient } from 'ws';
import { Connection } from '../src';
import { defaultWebSocket } from '../src/options';
import { wsTransport } from './support/transports';

describe('the default WebSocket', () => {
  const host = globalThis as { WebSocket?: unknown };
  const original = host.WebSocket;
  afterEach(() => {
    if (original === undefined) delete host.WebSocket;
    else host.WebSocket = original;
  });

  it('is the ws client where there is no global WebSocket (Node 20)', () => {
    delete host.WebSocket;
    expect(defaultWebSocket()).toBe(WsClient);
  });

  it('is the global WebSocket where there is one', () => {
    class GlobalWebSocket {}
    host.WebSocket = GlobalWebSocket;
    expect(defaultWebSocket()).toBe(GlobalWebSocket);
  });

  it('connects to a real server when no WebSocket option is given', async () => {
    delete host.WebSocket;
    const server = await wsTransport.start();
    const registry = createRegistry();
    try {
      const c = new Connection({ url: server.url, registry });
      await withTimeout(c.connect(), 5000, 'connect');
      expect(c.sessionId).toBe((await server.session(0)).sessionId);
      await c.close();
    } finally {
      await server.close();
    }
  });
});
