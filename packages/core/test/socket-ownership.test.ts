import { getRegistry } from '@ws-isolation/registry';
import { Connection } from '../src';
import { type SessionServer, transports } from './support/transports';

describe.each(transports)('the connection owns its socket (%s)', (_name, transport) => {
  let server: SessionServer;

  beforeEach(async () => {
    server = await transport.start();
  });
  afterEach(async () => {
    await getRegistry().cleanupAll({ timeoutMs: 500 });
    await server.close();
  });

  it('is the only registry entry for its socket, so a leak is reported once', async () => {
    const before = new Set(
      getRegistry()
        .list()
        .map((e) => e.id),
    );
    const connection = new Connection({ url: server.url, WebSocket: server.WebSocket, reconnect: false });
    await connection.connect();
    const added = getRegistry()
      .list()
      .filter((e) => !before.has(e.id) && e.kind !== 'mock-server');
    expect(added.map((e) => e.id)).toEqual([connection.id]);
    await connection.close();
  });

  it('reports a close the peer never acknowledged as forced in a registry cleanup', async () => {
    const connection = new Connection({
      url: server.url,
      WebSocket: server.WebSocket,
      reconnect: false,
      closeTimeoutMs: 50,
    });
    await connection.connect();
    server.ignoreClose();
    const report = await getRegistry().cleanupAll({ timeoutMs: 2000 });
    expect(report.forced.map((e) => e.id)).toContain(connection.id);
    expect(report.closed.map((e) => e.id)).not.toContain(connection.id);
    expect(connection.state).toBe('DISCONNECTED');
  });
});
