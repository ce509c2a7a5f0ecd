import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';

/** A loopback URL nobody listens on: a port 0 server's port, after the server closed. */
export async function refusedUrl(): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `ws://127.0.0.1:${port}/`;
}
