import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Agent, buildConnector, MessageEvent as UndiciMessageEvent, WebSocket as UndiciWebSocket } from 'undici';
import { WebSocketServer } from 'ws';
import { waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { MockServer, MockWebSocket } from '../../src';
import { scenarioProtocols, serveScenarios, type ServerLike, type ServerLog } from './scenario-server';
import type { WebSocketClass } from './trace';

/** Both scenario servers refuse client messages over this many bytes (the `maxPayload` option of ws and the mock). */
export const SCENARIO_MAX_PAYLOAD = 1024;

export interface RunningEnvironment {
  /** Where the scenario server listens. */
  url: string;
  /** A URL where nothing listens. */
  deadUrl: string;
  log: ServerLog;
  stop(): Promise<void>;
}

export interface Environment {
  name: string;
  WebSocket: WebSocketClass;
  /**
   * The class the client's message events are instances of: undici 7's own
   * for the reference (Node 20's global `MessageEvent` comes from the older
   * undici bundled in Node), the global one for the mock.
   */
  MessageEvent: typeof MessageEvent;
  start(): Promise<RunningEnvironment>;
}

/**
 * The reference clients' own dispatcher while a reference environment runs.
 * undici keeps the TCP connection of a WebSocket it failed after the handshake
 * (a subprotocol the server did not confirm) open, even once the server has
 * closed its end and the dispatcher is destroyed: the environment keeps every
 * socket the dispatcher connects, and destroys them when it stops.
 */
let referenceDispatcher: Agent | undefined;

function recordingDispatcher(sockets: Set<net.Socket>): Agent {
  const connect = buildConnector({});
  return new Agent({
    connect: (options, callback) =>
      connect(options, (...result) => {
        // A refused connection answers with the error alone.
        if (result[1] instanceof net.Socket) sockets.add(result[1]);
        callback(...result);
      }),
  });
}

/** undici 7's WebSocket, connecting through the running reference environment's dispatcher. */
class ReferenceWebSocket extends UndiciWebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, { protocols, dispatcher: referenceDispatcher });
  }
}

/** The reference: undici 7's WHATWG WebSocket against a real `ws` server on loopback. */
export const referenceEnvironment: Environment = {
  name: 'reference (undici 7 WebSocket, ws server on 127.0.0.1)',
  WebSocket: ReferenceWebSocket as unknown as WebSocketClass,
  MessageEvent: UndiciMessageEvent as unknown as typeof MessageEvent,
  async start() {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      maxPayload: SCENARIO_MAX_PAYLOAD,
      handleProtocols: scenarioProtocols,
    });
    await waitForEvent(server, 'listening');
    const log = serveScenarios(server as unknown as ServerLike);
    const { port } = server.address() as AddressInfo;
    const sockets = new Set<net.Socket>();
    const dispatcher = recordingDispatcher(sockets);
    referenceDispatcher = dispatcher;
    const stop = async (): Promise<void> => {
      await stopWsServer(server);
      if (referenceDispatcher === dispatcher) referenceDispatcher = undefined;
      for (const socket of sockets) socket.destroy();
      await withTimeout(dispatcher.destroy(), 10_000, 'the reference clients’ dispatcher to close');
    };
    return { url: `ws://127.0.0.1:${port}`, deadUrl: await closedPortUrl(), log, stop };
  },
};

/** The mock: MockWebSocket against MockServer, running the same server code. */
export const mockEnvironment: Environment = {
  name: 'mock (MockWebSocket, MockServer)',
  WebSocket: MockWebSocket,
  MessageEvent,
  async start() {
    const server = new MockServer({ port: 0, maxPayload: SCENARIO_MAX_PAYLOAD, handleProtocols: scenarioProtocols });
    const log = serveScenarios(server as unknown as ServerLike);
    const dead = new MockServer({ port: 0 });
    await dead.close();
    return {
      url: server.url.replace(/\/$/, ''),
      deadUrl: dead.url.replace(/\/$/, ''),
      log,
      stop: () => server.close(),
    };
  },
};

/** A loopback port that was just freed, so connecting to it is refused. */
async function closedPortUrl(): Promise<string> {
  const probe = net.createServer();
  probe.listen(0, '127.0.0.1');
  await waitForEvent(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await withTimeout(new Promise<void>((resolve) => probe.close(() => resolve())), 10_000, 'the probe to close');
  return `ws://127.0.0.1:${port}`;
}

async function stopWsServer(server: WebSocketServer): Promise<void> {
  for (const client of server.clients) client.terminate();
  await withTimeout(new Promise<void>((resolve) => server.close(() => resolve())), 10_000, 'the ws server to close');
}
