import { Buffer } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { waitForEvent } from '@ws-isolation/test-utils';

/** The part of a `ws` server socket the scenario server uses; `ws` and the mock both have it. */
interface ServerSocketLike {
  readonly readyState: number;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
  send(data: Buffer | string, options: { binary: boolean }): void;
  close(code?: number, reason?: string | Buffer): void;
  terminate(): void;
}

export interface ServerLike {
  on(event: 'connection', listener: (socket: ServerSocketLike, request: { url?: string }) => void): unknown;
}

/** An `error` a server connection emitted: its class, `code`, and the readyState at the time. */
interface ServerErrorSeen {
  name: string;
  code: string | undefined;
  readyState: number;
}

/** How a server connection ended, with the errors it emitted before. */
export interface ServerCloseSeen {
  path: string;
  code: number;
  reason: string;
  errors: ServerErrorSeen[];
}

/** What the server saw, so server-side effects can be compared too. */
export class ServerLog extends EventEmitter {
  connections = 0;
  readonly closes: ServerCloseSeen[] = [];

  record(close: ServerCloseSeen): void {
    this.closes.push(close);
    this.emit('close', close);
  }

  /** The first close of a connection to `path`, once it happened (bounded). */
  async closeOf(path: string, timeoutMs = 5000): Promise<ServerCloseSeen> {
    const seen = this.closes.find((close) => close.path === path);
    if (seen !== undefined) return seen;
    const [close] = await waitForEvent(this, 'close', {
      timeoutMs,
      filter: (entry) => (entry as ServerCloseSeen).path === path,
    });
    return close as ServerCloseSeen;
  }
}

/**
 * The scenario server's `handleProtocols`: on `/protocol-false` it confirms
 * none of the offered subprotocols, on `/protocol-xml` one never offered;
 * elsewhere the first offered.
 */
export function scenarioProtocols(protocols: Set<string>, request: { url?: string }): string | false {
  if (request.url === '/protocol-false') return false;
  if (request.url === '/protocol-xml') return 'xml';
  return [...protocols][0] ?? false;
}

/** Bytes that are not UTF-8: a valid 'a', then 0xFF and 0xFE, which never occur in UTF-8. */
const NOT_UTF8 = Buffer.from([0x61, 0xff, 0xfe]);

/**
 * Server code written once, for `ws` and the mock alike: `/server-close`
 * closes at once with 4001; `/protocol-*` send a welcome at once (which the
 * client must never see); `/bad-utf8-text` sends a text frame that is not
 * UTF-8 and `/bad-utf8-reason` closes with a reason that is not;
 * `/send/a,b,c` sends the texts `a`, `b` and `c`, then closes with 1000;
 * everything else echoes, and the text `drop` makes the server terminate the connection.
 */
export function serveScenarios(server: ServerLike): ServerLog {
  const log = new ServerLog();
  server.on('connection', (socket, request) => {
    const path = request.url ?? '/';
    const errors: ServerErrorSeen[] = [];
    log.connections += 1;
    socket.on('error', (error) => errors.push({ name: error.name, code: error.code, readyState: socket.readyState }));
    socket.on('close', (code, reason) => log.record({ path, code, reason: reason.toString(), errors }));
    if (path === '/server-close') {
      socket.close(4001, 'server bye');
      return;
    }
    if (path.startsWith('/protocol-')) {
      socket.send('welcome', { binary: false });
      return;
    }
    if (path === '/late-listener') {
      void attachAfterLookup(socket);
      return;
    }
    if (path === '/bad-utf8-text') {
      socket.send(NOT_UTF8, { binary: false });
      return;
    }
    if (path === '/bad-utf8-reason') {
      socket.close(4000, NOT_UTF8);
      return;
    }
    if (path.startsWith('/send/')) {
      const texts = path.slice('/send/'.length).split(',');
      for (const text of texts) if (text !== '') socket.send(text, { binary: false });
      socket.close(1000);
      return;
    }
    socket.on('message', (data, isBinary) => {
      if (!isBinary && data.toString() === 'drop') socket.terminate();
      else socket.send(data, { binary: isBinary });
    });
  });
  return log;
}

/**
 * A connection handler that awaits before it attaches its `message` listener,
 * as one that looks the user up first does: a real server still gets the
 * client's first message, which the client sends as soon as it is open.
 */
async function attachAfterLookup(socket: ServerSocketLike): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await lookUpUser();
  socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
}

/** An auth lookup answered from a stub: resolved promises only. */
async function lookUpUser(): Promise<{ name: string }> {
  const user = await Promise.resolve({ name: 'ann' });
  return Promise.resolve(user);
}
