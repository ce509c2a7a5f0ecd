import { createRegistry, type Registry } from '@ws-isolation/registry';
import { Connection, type ConnectionOptions } from '../../src';
import type { SessionServer, SessionServerOptions, Transport } from './transports';

export interface SessionFixture {
  /** A private registry every connection of the fixture is tracked in. */
  readonly registry: Registry;
  /** The session server of the current test. */
  readonly server: SessionServer;
  /** A connection to the current test's server, tracked in the fixture's registry. */
  connection(options?: Partial<ConnectionOptions>): Connection;
  /** Closes the current server and starts another with `options` in its place. */
  restart(options?: SessionServerOptions): Promise<SessionServer>;
}

/**
 * A fresh session server on `transport` for every test, and after each test a
 * bounded cleanup of its connections and the server. Call inside a `describe`.
 */
export function useSessionFixture(transport: Transport): SessionFixture {
  const registry = createRegistry();
  let current: SessionServer | undefined;
  beforeEach(async () => {
    current = await transport.start();
  });
  afterEach(async () => {
    await registry.cleanupAll({ timeoutMs: 100 });
    await current?.close();
  });
  const server = (): SessionServer => {
    if (current === undefined) throw new Error('the session server exists only while a test runs');
    return current;
  };
  return {
    registry,
    get server() {
      return server();
    },
    connection: (options = {}) =>
      new Connection({ url: server().url, WebSocket: server().WebSocket, registry, ...options }),
    restart: async (options) => {
      await current?.close();
      current = await transport.start(options);
      return current;
    },
  };
}
