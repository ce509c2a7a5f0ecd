import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { bounded, countdown } from '../deferred';
import { importOurs, OUR_PACKAGES } from '../ours';
import { median, percentile } from '../stats';
import { PAYLOAD } from './mock-transport';
import type { RunMetrics } from './metrics';

type CoreModule = typeof import('@ws-isolation/core');

const WAIT_MS = 120_000;

/** Our layer on one side, raw `ws` on the other, over the same kind of loopback server. */
export type ConnectionSide = 'connection' | 'raw-ws';

interface Client {
  send(data: string): void;
  onMessage(listener: () => void): void;
  close(): Promise<void>;
}

async function withServer<T>(side: ConnectionSide, body: (client: Client) => Promise<T>): Promise<T> {
  const { WebSocket, WebSocketServer } = await import('ws');
  const core = side === 'connection' ? await importOurs<CoreModule>(OUR_PACKAGES.core) : undefined;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('connection', (socket) => {
    const echo = (): void => {
      socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
    };
    if (core === undefined) echo();
    else void core.acceptSession(socket).then(echo, () => socket.terminate());
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  let client: Client;
  if (core !== undefined) {
    const connection = new core.Connection({ url, WebSocket, reconnect: false });
    await bounded(connection.connect(), WAIT_MS, 'Connection.connect()');
    client = {
      send: (data) => connection.send(data),
      onMessage: (listener) => void connection.on('message', listener),
      close: async () => {
        await connection.close({ timeoutMs: 1000 });
      },
    };
  } else {
    const socket = new WebSocket(url);
    await bounded(
      new Promise<void>((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      }),
      WAIT_MS,
      'ws open',
    );
    client = {
      send: (data) => socket.send(data),
      onMessage: (listener) => void socket.on('message', listener),
      close: () =>
        bounded(
          new Promise<void>((resolve) => {
            socket.once('close', () => resolve());
            socket.close();
          }),
          WAIT_MS,
          'ws close',
        ),
    };
  }
  try {
    return await body(client);
  } finally {
    await client.close();
    for (const socket of wss.clients) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}

/** `n` pipelined 32-byte messages echoed by the server, all echoes awaited. */
export function connectionThroughput(side: ConnectionSide, n: number): Promise<RunMetrics> {
  return withServer(side, async (client) => {
    const received = countdown(n);
    client.onMessage(() => received.tick());
    const start = performance.now();
    for (let i = 0; i < n; i += 1) client.send(PAYLOAD);
    await bounded(received.done, WAIT_MS, `${n} echoes`);
    const ms = performance.now() - start;
    return { ms, msgsPerSec: (n / ms) * 1000 };
  });
}

/** `n` sequential round trips, each timed; one watchdog bounds the loop. */
export function connectionLatency(side: ConnectionSide, n: number): Promise<RunMetrics> {
  return withServer(side, async (client) => {
    const samples = new Array<number>(n);
    let answer: () => void = () => undefined;
    let abort: (error: Error) => void = () => undefined;
    client.onMessage(() => answer());
    const watchdog = setTimeout(
      () => abort(new Error(`${n} round trips did not finish within ${WAIT_MS} ms`)),
      WAIT_MS,
    );
    const start = performance.now();
    try {
      for (let i = 0; i < n; i += 1) {
        const sent = performance.now();
        await new Promise<void>((resolve, reject) => {
          answer = resolve;
          abort = reject;
          client.send(PAYLOAD);
        });
        samples[i] = performance.now() - sent;
      }
    } finally {
      clearTimeout(watchdog);
    }
    const ms = performance.now() - start;
    return { ms, medianUs: median(samples) * 1000, p99Us: percentile(samples, 99) * 1000 };
  });
}
