import type { Buffer } from 'node:buffer';

/** The part of a `ws` server socket the scenario server uses; `ws` and the mock both have it. */
export interface ServerSocketLike {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  send(data: Buffer | string, options: { binary: boolean }): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

export interface ServerLike {
  on(event: 'connection', listener: (socket: ServerSocketLike, request: { url?: string }) => void): unknown;
}

/** What the server saw, so server-side effects can be compared too. */
export interface ServerLog {
  connections: number;
  closes: Array<{ path: string; code: number; reason: string }>;
}

/**
 * Server code written once, for `ws` and the mock alike: `/server-close`
 * closes at once with 4001; everything else echoes, and the text `drop`
 * makes the server terminate the connection.
 */
export function serveScenarios(server: ServerLike): ServerLog {
  const log: ServerLog = { connections: 0, closes: [] };
  server.on('connection', (socket, request) => {
    const path = request.url ?? '/';
    log.connections += 1;
    socket.on('close', (code, reason) => log.closes.push({ path, code, reason: reason.toString() }));
    if (path === '/server-close') {
      socket.close(4001, 'server bye');
      return;
    }
    socket.on('message', (data, isBinary) => {
      if (!isBinary && data.toString() === 'drop') socket.terminate();
      else socket.send(data, { binary: isBinary });
    });
  });
  return log;
}
