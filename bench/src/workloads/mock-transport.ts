import { performance } from 'node:perf_hooks';
import { bounded, countdown, deferred, delay } from '../deferred';
import { percentile, median } from '../stats';
import { CLOSED, type ClientSocket, type TransportServer } from '../transports/transport';
import type { RunMetrics } from './metrics';

/** 32 bytes of text, the message size of the echo, fan-out and latency workloads. */
export const PAYLOAD = 'ws-isolation bench payload 32 b.';

/** How long any single wait inside a run may take before the run fails. */
const WAIT_MS = 120_000;

function watch(client: ClientSocket, onError: (error: Error) => void): void {
  client.onerror = () => onError(new Error('client error event'));
}

async function openClients(server: TransportServer, n: number): Promise<ClientSocket[]> {
  const opened = countdown(n);
  const failed = deferred<never>();
  const clients: ClientSocket[] = new Array<ClientSocket>(n);
  for (let i = 0; i < n; i += 1) {
    const client = server.connect();
    client.onopen = () => opened.tick();
    watch(client, failed.reject);
    clients[i] = client;
  }
  await bounded(Promise.race([opened.done, failed.promise]), WAIT_MS, `${n} opens`);
  return clients;
}

async function closeClients(clients: readonly ClientSocket[]): Promise<void> {
  const closed = countdown(clients.length);
  for (const client of clients) {
    client.onclose = () => closed.tick();
    client.onerror = null;
  }
  for (const client of clients) client.close();
  await bounded(closed.done, WAIT_MS, `${clients.length} closes`);
}

/** `n` clients opened in parallel to one URL, all opens awaited, all closed, all closes awaited. */
export async function openClose(server: TransportServer, n: number): Promise<RunMetrics> {
  const start = performance.now();
  const clients = await openClients(server, n);
  const opened = performance.now();
  await closeClients(clients);
  const end = performance.now();
  return { ms: end - start, openMs: opened - start, closeMs: end - opened };
}

/** One client sends `n` messages without waiting; the server echoes each; all echoes awaited. */
export async function echo(server: TransportServer, n: number): Promise<RunMetrics> {
  const [client] = await openClients(server, 1);
  const received = countdown(n);
  client!.onmessage = () => received.tick();
  const start = performance.now();
  for (let i = 0; i < n; i += 1) client!.send(PAYLOAD);
  await bounded(received.done, WAIT_MS, `${n} echoes`);
  const ms = performance.now() - start;
  await closeClients([client!]);
  return { ms, msgsPerSec: (n / ms) * 1000 };
}

/** Clients open on a server, and one run of broadcasts to them (every delivery awaited). */
interface OpenFanOut {
  readonly sockets: readonly ClientSocket[];
  run(broadcasts: number): Promise<RunMetrics>;
}

/**
 * `clients` clients opened on `server`: each `run` has the server broadcast
 * `broadcasts` messages and awaits every delivery. The clients stay open
 * between runs until the caller closes them.
 */
export async function openFanOut(server: TransportServer, clients: number): Promise<OpenFanOut> {
  const sockets = await openClients(server, clients);
  let delivered = countdown(0);
  for (const socket of sockets) socket.onmessage = () => delivered.tick();
  return {
    sockets,
    async run(broadcasts) {
      delivered = countdown(clients * broadcasts);
      const start = performance.now();
      for (let i = 0; i < broadcasts; i += 1) server.broadcast(PAYLOAD);
      await bounded(delivered.done, WAIT_MS, `${clients * broadcasts} deliveries`);
      const ms = performance.now() - start;
      return { ms, deliveriesPerSec: ((clients * broadcasts) / ms) * 1000 };
    },
  };
}

/** `clients` clients opened; the server broadcasts `broadcasts` messages; every delivery awaited; the clients closed. */
export async function fanOut(server: TransportServer, clients: number, broadcasts: number): Promise<RunMetrics> {
  const open = await openFanOut(server, clients);
  const metrics = await open.run(broadcasts);
  await closeClients(open.sockets);
  return metrics;
}

/**
 * `n` sequential round trips (send, await the echo), each one timed. One
 * watchdog bounds the whole loop, so no timer is set per round trip.
 */
export async function latency(server: TransportServer, n: number): Promise<RunMetrics> {
  const [client] = await openClients(server, 1);
  const samples = new Array<number>(n);
  let answer: () => void = () => undefined;
  let abort: (error: Error) => void = () => undefined;
  client!.onmessage = () => answer();
  const watchdog = setTimeout(() => abort(new Error(`${n} round trips did not finish within ${WAIT_MS} ms`)), WAIT_MS);
  const start = performance.now();
  try {
    for (let i = 0; i < n; i += 1) {
      const sent = performance.now();
      await new Promise<void>((resolve, reject) => {
        answer = resolve;
        abort = reject;
        client!.send(PAYLOAD);
      });
      samples[i] = performance.now() - sent;
    }
  } finally {
    clearTimeout(watchdog);
  }
  const ms = performance.now() - start;
  await closeClients([client!]);
  return { ms, medianUs: median(samples) * 1000, p99Us: percentile(samples, 99) * 1000 };
}

/** How long the teardown check waits for closes after the cleanup returned. */
export const TEARDOWN_GRACE_MS = 1000;

/**
 * `n` open connections, then the library's own cleanup. Reports how long the
 * cleanup took, how long until every client saw its close (within a grace
 * period), and how many clients were still not CLOSED after it.
 */
export async function teardown(server: TransportServer, n: number): Promise<RunMetrics> {
  const clients = await openClients(server, n);
  const closed = countdown(n);
  for (const client of clients) {
    client.onclose = () => closed.tick();
    client.onerror = null;
  }
  const start = performance.now();
  await bounded(Promise.resolve(server.cleanup()), WAIT_MS, 'the cleanup');
  const cleanupMs = performance.now() - start;
  const settled = await Promise.race([closed.done.then(() => true), delay(TEARDOWN_GRACE_MS).then(() => false)]);
  const allClosedMs = performance.now() - start;
  const leftOpen = clients.filter((client) => client.readyState !== CLOSED).length;
  // allClosedMs only when every client saw its close event within the grace period.
  const metrics: RunMetrics = { ms: cleanupMs, leftOpen, closeEvents: closed.count };
  if (settled) metrics.allClosedMs = allClosedMs;
  return metrics;
}
