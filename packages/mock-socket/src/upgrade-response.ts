import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { MockUpgradeRequest } from './upgrade-request';
import type { MockUpgradeSocket } from './upgrade-socket';

// RFC 6455 section 1.3: the GUID the server appends to the client's key.
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Refuses an upgrade with an HTTP response, as `ws` does: the client sees error, then close 1006. */
export function abortHandshake(socket: MockUpgradeSocket, status: number): void {
  const message = STATUS_CODES[status] ?? 'Error';
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Type: text/html\r\n` +
      `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}

/** The 101 response's header lines, for a `headers` listener (as `ws` emits them). */
export function responseHeaders(request: MockUpgradeRequest, protocol: string): string[] {
  const key = request.headers['sec-websocket-key'] ?? '';
  const accept = createHash('sha1').update(`${key}${HANDSHAKE_GUID}`).digest('base64');
  const lines = [
    'HTTP/1.1 101 Switching Protocols',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${accept}`,
  ];
  if (protocol !== '') lines.push(`Sec-WebSocket-Protocol: ${protocol}`);
  return lines;
}
