import { optionReader } from './errors';
import { MockServer } from './mock-server';
import { SERVER_OPTION_KEYS, type MockServerOptions } from './server-options';
import { MockWsClient } from './ws-client';

// ws server options that change nothing in memory, accepted and ignored.
const IGNORED_WS_OPTIONS = [
  'backlog',
  'clientTracking',
  'perMessageDeflate',
  'skipUTF8Validation',
  'autoPong',
  'allowSynchronousEvents',
  'closeTimeout',
  'maxBufferedChunks',
  'maxFragments',
  'maxPendingAutoPongs',
  'WebSocket',
];

const WS_SERVER_OPTION_KEYS = [...SERVER_OPTION_KEYS, ...IGNORED_WS_OPTIONS];

/** `ws`'s WebSocketServer constructor on the mock: `new WebSocketServer({ port }, onListening)`. */
export class MockWsServer extends MockServer {
  constructor(options: MockServerOptions & Record<string, unknown> = {}, onListening?: () => void) {
    const given = optionReader('WebSocketServer').object(options, WS_SERVER_OPTION_KEYS) ?? {};
    const entries = Object.entries(given);
    // fromEntries defines each key as an own property: a `__proto__` key (from JSON) stays a key, and is refused as unknown.
    super(Object.fromEntries(entries.filter(([key]) => !IGNORED_WS_OPTIONS.includes(key))) as MockServerOptions);
    // Kept in `options`, as ws keeps every option it was given.
    for (const [key, value] of entries) if (IGNORED_WS_OPTIONS.includes(key)) this.options[key] = value;
    if (onListening !== undefined) this.once('listening', onListening);
  }
}

/** What `createWsModule()` returns: the shape of `require('ws')`. */
export type MockWsModule = typeof MockWsClient & {
  WebSocket: typeof MockWsClient;
  WebSocketServer: typeof MockWsServer;
  Server: typeof MockWsServer;
};

/**
 * A stand-in for the `ws` module, so code that does `new WebSocket(url)` or
 * `new WebSocketServer({ port })` from `ws` runs on the mock network. The
 * module itself is the client class (as `ws`'s is), with `WebSocket`,
 * `WebSocketServer` and `Server` on it, so default and named imports work.
 *
 * @example
 * jest.mock('ws', () => require('@ws-isolation/mock-socket').createWsModule());
 */
export function createWsModule(): MockWsModule {
  class WebSocket extends MockWsClient {}
  return Object.assign(WebSocket, { WebSocket, WebSocketServer: MockWsServer, Server: MockWsServer }) as MockWsModule;
}
