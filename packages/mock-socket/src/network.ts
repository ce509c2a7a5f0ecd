import { MockSocketError, MockSocketErrorCode } from './errors';
import type { FrameSink } from './frames';

/** Where the ambient mock network lives on a global object. Versioned like the registry. */
export const MOCK_NETWORK_KEY: unique symbol = Symbol.for('ws-isolation.mock-network/v1') as never;

/** A client's attempt to open a connection, as a server sees it. Plain data and callbacks. */
export interface ConnectAttempt {
  /** The full URL the client asked for (after http→ws). */
  readonly url: string;
  readonly protocols: readonly string[];
  /** Request headers (lower-case names), e.g. from a `ws` client's `headers` option. */
  readonly headers: Readonly<Record<string, string>>;
  /** Aborted when the client gives up (close() or terminate() while connecting). */
  readonly signal: AbortSignal;
  /** Server → client frames. */
  readonly client: FrameSink;
  /** Completes the handshake: `server` receives the client's frames. */
  accept(server: FrameSink): void;
  /** Fails the handshake: the client sees error, then close 1006. */
  refuse(): void;
}

/** What the network holds for each listening server. */
export interface NetworkServer {
  /** `ws://host:port`: scheme, host and port. */
  readonly key: string;
  readonly url: string;
  connect(attempt: ConnectAttempt): void;
  /** Closes the server and every connection (what `resetMockNetwork()` calls). */
  close(): Promise<void>;
}

/** The v1 contract of the ambient network: any copy of the package uses it by shape. */
export interface MockNetwork {
  readonly version: 1;
  /** Claims `server.key`; throws ERR_WSI_URL_IN_USE when a live server has it. */
  listen(server: NetworkServer): void;
  /** Frees the server's key (only if it still holds it). */
  unlisten(server: NetworkServer): void;
  find(key: string): NetworkServer | undefined;
  /** A port no listening server on this scheme uses, for `{ port: 0 }`. */
  allocatePort(scheme: string): number;
  servers(): NetworkServer[];
}

const FIRST_AUTO_PORT = 49152;

function createMockNetwork(): MockNetwork {
  const servers = new Map<string, NetworkServer>();
  let nextPort = FIRST_AUTO_PORT;
  return {
    version: 1,
    listen(server) {
      const existing = servers.get(server.key);
      if (existing !== undefined && existing !== server) {
        throw new MockSocketError(
          MockSocketErrorCode.URL_IN_USE,
          `A mock server already listens on ${server.key}; close it first (received url ${server.url})`,
        );
      }
      servers.set(server.key, server);
    },
    unlisten(server) {
      if (servers.get(server.key) === server) servers.delete(server.key);
    },
    find: (key) => servers.get(key),
    allocatePort(scheme) {
      // Ports are not reused until the range wraps, so a stale client does not reach a new server.
      const taken = new Set(
        [...servers.keys()].filter((key) => key.startsWith(scheme)).map((key) => key.slice(key.lastIndexOf(':') + 1)),
      );
      for (;;) {
        const port = nextPort++;
        if (nextPort > 65535) nextPort = FIRST_AUTO_PORT;
        if (!taken.has(String(port))) return port;
      }
    },
    servers: () => [...servers.values()],
  };
}

function isMockNetwork(value: unknown): value is MockNetwork {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate.version === 1 &&
    typeof candidate.listen === 'function' &&
    typeof candidate.find === 'function' &&
    typeof candidate.servers === 'function'
  );
}

/** The ambient mock network, created on first use; every copy of the package finds the same one. */
export function getMockNetwork(): MockNetwork {
  const host = globalThis as { [MOCK_NETWORK_KEY]?: unknown };
  const existing = host[MOCK_NETWORK_KEY];
  if (isMockNetwork(existing)) return existing;
  const created = createMockNetwork();
  host[MOCK_NETWORK_KEY] = created;
  return created;
}

/**
 * Closes every server in the ambient network (and so every connection to
 * them), freeing their URLs. For use outside Jest, where no environment
 * cleans up between tests.
 *
 * @example
 * afterEach(() => resetMockNetwork());
 */
export async function resetMockNetwork(): Promise<void> {
  const network = getMockNetwork();
  const servers = network.servers();
  await Promise.all(servers.map((server) => server.close()));
  for (const server of servers) network.unlisten(server);
}
