import { Connection, type CloseReport } from '@ws-isolation/core';
import { createRegistry } from '@ws-isolation/registry';
import { withTimeout } from '@ws-isolation/test-utils';
import { createThrottle } from '@ws-isolation/throttle';
import { setImmediate as nativeSetImmediate } from 'node:timers';
import { WebSocket as WsClient } from 'ws';
import { startEchoServer } from '../support/echo-server';
import { countSocketFds } from '../support/socket-fds';

// 2,000 Connections to one real ws server on 127.0.0.1, through one shared
// throttle, each exchanging 100 numbered messages (the server echoes them).
// Timings are printed, never asserted; the whole run is bounded.
const CONNECTIONS = 2000;
const MESSAGES = 100;
const CONCURRENCY = 64;
// A hang guard, not a timing check: about 10 s alone, but CI runs it beside other packages' CPU-heavy
// tests (real Jest runs, CPU burners), where it has taken over 90 s.
const BOUND_MS = 300_000;

const TITLE = `${CONNECTIONS} connections × ${MESSAGES} echoed messages over loopback`;

test(
  `${TITLE}: each arrives once and in order, every close is clean, no socket leaks`,
  async () => {
    const socketsBefore = countSocketFds();
    const server = await startEchoServer();
    const registry = createRegistry();
    const throttle = createThrottle({ concurrency: CONCURRENCY });
    const started = performance.now();

    const run = async (): Promise<CloseReport[]> => {
      const connections = Array.from(
        { length: CONNECTIONS },
        () =>
          new Connection({
            url: server.url,
            WebSocket: WsClient,
            registry,
            throttle,
            reconnect: false,
            closeTimeoutMs: 5000,
          }),
      );
      const echoes = connections.map(() => [] as string[]);
      const done = connections.map(
        (connection, i) =>
          new Promise<void>((resolve) => {
            connection.on('message', (data) => {
              echoes[i]!.push(String(data));
              if (echoes[i]!.length === MESSAGES) resolve();
            });
          }),
      );
      await Promise.all(connections.map((connection) => connection.connect()));
      const connected = performance.now();
      for (const connection of connections) for (let n = 1; n <= MESSAGES; n++) connection.send(String(n));
      await Promise.all(done);
      const exchanged = performance.now();
      const numbered = Array.from({ length: MESSAGES }, (_, n) => String(n + 1));
      for (const [i, connection] of connections.entries()) {
        expect(server.received.get(connection.clientId)).toEqual(numbered);
        expect(echoes[i]).toEqual(numbered);
      }
      const reports = await Promise.all(connections.map((connection) => connection.close()));
      const closed = performance.now();
      const messages = 2 * CONNECTIONS * MESSAGES;
      console.log(
        [
          `loopback load: ${CONNECTIONS} connections (throttle concurrency ${CONCURRENCY}), ${MESSAGES} messages each, echoed`,
          `  connect all: ${(connected - started).toFixed(0)} ms`,
          `  exchange: ${(exchanged - connected).toFixed(0)} ms, ${messages} messages both ways, ` +
            `${Math.round(messages / ((exchanged - connected) / 1000))} messages/s`,
          `  close all: ${(closed - exchanged).toFixed(0)} ms`,
          `  wall time: ${(closed - started).toFixed(0)} ms`,
        ].join('\n'),
      );
      return reports;
    };

    try {
      const reports = await withTimeout(run(), BOUND_MS, 'the load run');
      expect(
        reports.filter((report) => report.forced || report.unsent.length > 0 || report.unconfirmed.length > 0),
      ).toEqual([]);
      expect(registry.size).toBe(0);
      expect(throttle.stats()).toMatchObject({ active: 0, queued: 0, granted: CONNECTIONS });
    } finally {
      await registry.cleanupAll({ timeoutMs: 1000 });
      await server.close();
    }
    await new Promise<void>((resolve) => nativeSetImmediate(resolve));
    expect(countSocketFds()).toBe(socketsBefore);
  },
  BOUND_MS + 60_000,
);
