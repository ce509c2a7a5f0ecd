/**
 * `pnpm --filter @ws-isolation/bench load`: N `Connection`s of
 * @ws-isolation/core to one real `ws` server on 127.0.0.1 (a child process),
 * through one shared throttle, each exchanging M numbered messages that the
 * server echoes. Checks that every message arrived once and in order both
 * ways, that every close is clean, and that no socket descriptor is left;
 * prints the figures. Not run in CI.
 *
 *   node dist/load.js [--connections 10000] [--messages 100] [--concurrency 64]
 */
import { Connection } from '@ws-isolation/core';
import { createRegistry } from '@ws-isolation/registry';
import { createThrottle } from '@ws-isolation/throttle';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { readArgs } from '../args';
import { bounded } from '../deferred';

function socketFds(): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) count += 1;
    } catch {
      // Closed while listing.
    }
  }
  return count;
}

const {
  connections: CONNECTIONS,
  messages: MESSAGES,
  concurrency: CONCURRENCY,
} = readArgs('node dist/load.js', {
  connections: { type: 'count', default: 10_000, help: 'connections to open' },
  messages: { type: 'count', default: 100, help: 'numbered messages each connection sends (each echoed)' },
  concurrency: { type: 'count', default: 64, help: "the shared throttle's concurrency" },
});
const BOUND_MS = 10 * 60_000;

async function main(): Promise<number> {
  const serverFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-server.js');
  const child = fork(serverFile, [], { env: { ...process.env, WSI_LOAD_MESSAGES: String(MESSAGES) } });
  try {
    const [{ port }] = (await bounded(once(child, 'message'), 10_000, 'the load server to listen')) as [
      { port: number },
    ];
    const url = `ws://127.0.0.1:${port}/load`;
    const socketsBefore = socketFds();
    const registry = createRegistry();
    const throttle = createThrottle({ concurrency: CONCURRENCY });
    const connections = Array.from(
      { length: CONNECTIONS },
      () =>
        new Connection({
          url,
          WebSocket,
          registry,
          throttle,
          reconnect: false,
          closeTimeoutMs: 10_000,
          connectTimeoutMs: 30_000,
        }),
    );
    let echoOutOfOrder = 0;
    let echoesLeft = CONNECTIONS * MESSAGES;
    let allEchoed: () => void = () => undefined;
    const echoed = new Promise<void>((resolve) => (allEchoed = resolve));
    for (const connection of connections) {
      let expected = 1;
      connection.on('message', (data) => {
        if (Number(String(data)) !== expected) echoOutOfOrder += 1;
        expected += 1;
        echoesLeft -= 1;
        if (echoesLeft === 0) allEchoed();
      });
    }
    const started = performance.now();
    await bounded(
      Promise.all(connections.map((connection) => connection.connect())),
      BOUND_MS,
      'every connection to be READY',
    );
    const connected = performance.now();
    for (const connection of connections) for (let n = 1; n <= MESSAGES; n++) connection.send(String(n));
    await bounded(echoed, BOUND_MS, 'every echo');
    const exchanged = performance.now();
    const reports = await bounded(
      Promise.all(connections.map((connection) => connection.close())),
      BOUND_MS,
      'every close',
    );
    const closed = performance.now();
    child.send('summary');
    const [summary] = (await bounded(once(child, 'message'), 10_000, 'the server summary')) as [
      { clients: number; messages: number; outOfOrder: number; incomplete: number },
    ];
    const unclean = reports.filter(
      (report) => report.forced || report.unsent.length > 0 || report.unconfirmed.length > 0,
    ).length;
    const socketsAfter = socketFds();
    const total = 2 * CONNECTIONS * MESSAGES;
    const perSecond = (count: number, ms: number): number => Math.round(count / (ms / 1000));
    console.log(
      `load: ${CONNECTIONS} connections to one ws server on 127.0.0.1 (throttle concurrency ${CONCURRENCY}),` +
        ` ${MESSAGES} numbered messages each, echoed`,
    );
    console.log(
      `  connect all:  ${(connected - started).toFixed(0)} ms` +
        ` (${perSecond(CONNECTIONS, connected - started)} connections/s)`,
    );
    console.log(
      `  exchange:     ${(exchanged - connected).toFixed(0)} ms, ${total} messages both ways,` +
        ` ${perSecond(total, exchanged - connected)} messages/s`,
    );
    console.log(`  close all:    ${(closed - exchanged).toFixed(0)} ms`);
    console.log(`  wall time:    ${(closed - started).toFixed(0)} ms`);
    console.log(
      `  server: ${summary.clients} clients, ${summary.messages} messages, ${summary.outOfOrder} out of order,` +
        ` ${summary.incomplete} clients incomplete; client: ${echoOutOfOrder} echoes out of order`,
    );
    console.log(
      `  closes: ${unclean} forced or with unsent or unconfirmed messages; registry: ${registry.size} left;` +
        ` socket fds: ${socketsBefore} before, ${socketsAfter} after`,
    );
    const ok =
      summary.clients === CONNECTIONS &&
      summary.messages === CONNECTIONS * MESSAGES &&
      summary.outOfOrder === 0 &&
      summary.incomplete === 0 &&
      echoOutOfOrder === 0 &&
      unclean === 0 &&
      registry.size === 0 &&
      socketsAfter === socketsBefore;
    console.log(ok ? 'load: every check held' : 'load: a check failed');
    return ok ? 0 : 1;
  } finally {
    child.send('stop');
    await bounded(once(child, 'exit'), 10_000, 'the load server to exit').catch(() => child.kill('SIGKILL'));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
