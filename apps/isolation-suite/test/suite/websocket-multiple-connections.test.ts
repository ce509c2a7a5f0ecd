import { isClientId } from '@ws-isolation/core';
import { getRegistry } from '@ws-isolation/registry';
import { createThrottle } from '@ws-isolation/throttle';
import { ManualClock, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { debugLog, readSuiteConfig, startSessionServer, type SessionServer } from '../../src';
import { CLOSE_SEQUENCE, CONNECT_SEQUENCE, closingTail, openConnection } from './connections';

// The WebSocket multiple-connections suite: six tests, on the mock transport
// by default and on a real `ws` server with WSI_TRANSPORT=ws.
const config = readSuiteConfig();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: SessionServer;

beforeEach(async () => {
  server = await startSessionServer({ transport: config.transport });
});

afterEach(async () => {
  await server.close();
});

test('test_client_and_session_ids', async () => {
  const a = openConnection(server);
  const b = openConnection(server);
  await Promise.all([a.connection.connect(), b.connection.connect()]);

  expect(isClientId(a.connection.clientId)).toBe(true);
  expect(a.connection.clientId).not.toBe(b.connection.clientId);
  expect(a.connection.sessionId).toMatch(UUID);
  expect(b.connection.sessionId).toMatch(UUID);
  expect(a.connection.sessionId).not.toBe(b.connection.sessionId);
  // The server issued both sessions, each to the client that asked.
  expect(server.sessions.map((s) => [s.clientId, s.sessionId]).sort()).toEqual(
    [
      [a.connection.clientId, a.connection.sessionId],
      [b.connection.clientId, b.connection.sessionId],
    ].sort(),
  );

  // The same client connecting again keeps its client ID and gets a fresh session.
  const firstSession = a.connection.sessionId;
  await a.connection.close();
  const again = openConnection(server, { clientId: a.connection.clientId });
  await again.connection.connect();
  expect(again.connection.clientId).toBe(a.connection.clientId);
  expect(again.connection.sessionId).toMatch(UUID);
  expect(again.connection.sessionId).not.toBe(firstSession);

  await Promise.all([b.connection.close(), again.connection.close()]);
  for (const watched of [a, b, again]) {
    expect(watched.states.slice(0, 4)).toEqual(CONNECT_SEQUENCE);
    expect(closingTail(watched.states)).toEqual(CLOSE_SEQUENCE);
  }
});

test('test_instance_tracking', async () => {
  const registry = getRegistry();
  const liveConnections = (): string[] =>
    registry
      .list()
      .filter((e) => e.kind === 'connection')
      .map((e) => e.id);
  const watched = [openConnection(server), openConnection(server), openConnection(server)];
  // Tracked from construction, before connecting.
  expect(liveConnections()).toEqual(watched.map((w) => w.connection.id));

  await Promise.all(watched.map((w) => w.connection.connect()));
  for (const { connection } of watched) {
    const entry = registry.list().find((e) => e.id === connection.id);
    expect(entry?.label).toContain(server.url);
    expect(entry?.label).toContain(`clientId=${connection.clientId}`);
    expect(entry?.label).toContain(`sessionId=${connection.sessionId}`);
    expect(entry?.state).toBe('READY');
    expect(entry?.stack).toMatch(/connections\.ts/);
  }

  // Each one is forgotten when it is closed for good.
  await watched[0]!.connection.close();
  expect(liveConnections()).toEqual([watched[1]!.connection.id, watched[2]!.connection.id]);
  watched[1]!.connection.terminate();
  expect(liveConnections()).toEqual([watched[2]!.connection.id]);
  await watched[2]!.connection.close();
  expect(liveConnections()).toEqual([]);
  expect(watched.map((w) => w.states.slice(0, 4))).toEqual([CONNECT_SEQUENCE, CONNECT_SEQUENCE, CONNECT_SEQUENCE]);
});

test('test_cleanup_all_instances', async () => {
  const watched = Array.from({ length: 4 }, () => openConnection(server));
  await Promise.all(watched.map((w) => w.connection.connect()));
  expect(watched.every((w) => w.connection.state === 'READY')).toBe(true);

  const report = await getRegistry().cleanupAll({ timeoutMs: 2000 });

  const closedIds = report.closed.map((e) => e.id);
  for (const { connection, states } of watched) {
    expect(closedIds).toContain(connection.id);
    expect(connection.state).toBe('DISCONNECTED');
    expect(states.slice(0, 4)).toEqual(CONNECT_SEQUENCE);
    expect(closingTail(states)).toEqual(CLOSE_SEQUENCE);
  }
  expect(report.forced.filter((e) => e.kind === 'connection')).toEqual([]);
  expect(report.failed).toEqual([]);
  expect(
    getRegistry()
      .list()
      .filter((e) => e.kind === 'connection'),
  ).toEqual([]);
});

test('test_connection_throttling', async () => {
  // Many clients through one throttle: never more than `concurrency` in flight.
  const concurrency = 3;
  const throttle = createThrottle({ concurrency });
  let inFlight = 0;
  let maxInFlight = 0;
  const watched = Array.from({ length: 12 }, () => {
    const w = openConnection(server, { throttle });
    w.connection.on('state', ({ from, to }) => {
      if (to === 'CONNECTING') inFlight += 1;
      if (from === 'CONNECTED' || (from === 'CONNECTING' && to !== 'CONNECTED')) inFlight -= 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
    });
    return w;
  });
  await Promise.all(watched.map((w) => w.connection.connect()));
  expect(maxInFlight).toBeGreaterThan(0);
  expect(maxInFlight).toBeLessThanOrEqual(concurrency);
  expect(throttle.stats()).toMatchObject({ active: 0, queued: 0, granted: 12 });
  await Promise.all(watched.map((w) => w.connection.close()));
  for (const { states } of watched) {
    expect(states.slice(0, 4)).toEqual(CONNECT_SEQUENCE);
    expect(closingTail(states)).toEqual(CLOSE_SEQUENCE);
  }

  // Grant times as configured, under a simulated clock: a full bucket of 5,
  // then one every 200 ms (5 per second).
  const clock = new ManualClock();
  const rated = createThrottle({ rate: { tokens: 5, intervalMs: 1000 }, clock });
  const grants: number[] = [];
  const permits = Array.from({ length: 10 }, () =>
    rated.acquire().then((permit) => {
      grants.push(clock.now());
      permit.release();
    }),
  );
  await clock.advanceAsync(1000);
  await withTimeout(Promise.all(permits), 2000, 'rated grants');
  expect(grants).toEqual([0, 0, 0, 0, 0, 200, 400, 600, 800, 1000]);
  rated.close();
});

test('test_parallel_connections', async () => {
  // The fault switch applies here: the original hang was this test's teardown.
  const parallel = await startSessionServer({ transport: config.transport, fault: config.fault });
  try {
    const watched = Array.from({ length: 10 }, () => openConnection(parallel));
    await Promise.all(watched.map((w) => w.connection.connect()));
    expect(watched.every((w) => w.connection.state === 'READY')).toBe(true);
    expect(new Set(parallel.sessions.map((s) => s.sessionId)).size).toBe(10);
    for (const { states } of watched) expect(states).toEqual(CONNECT_SEQUENCE);
    debugLog(`test_parallel_connections completed: ${watched.length} connections READY`);

    if (config.fault === 'ignore-close') {
      // As in the original suite, the parallel connections are left to the
      // teardown, against a server that never acknowledges close.
      for (const { connection } of watched)
        debugLog(`Leaving instance ${connection.id} to teardown (${connection.describe()})`);
      return;
    }
    const reports = await Promise.all(watched.map((w) => w.connection.close()));
    expect(reports.map((r) => r.forced)).toEqual(watched.map(() => false));
    for (const { states } of watched) expect(closingTail(states)).toEqual(CLOSE_SEQUENCE);
  } finally {
    await parallel.close();
  }
});

test('test_reconnection_with_new_session', async () => {
  const { connection, states } = openConnection(server, {
    reconnect: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 50, deadlineMs: 5000 },
    random: () => 0,
  });
  await connection.connect();
  const clientId = connection.clientId;
  const firstSession = connection.sessionId;

  const reconnecting = waitForEvent(connection, 'reconnecting', { timeoutMs: 5000 });
  const ready = waitForEvent(connection, 'ready', { timeoutMs: 5000 });
  server.dropAll();
  await reconnecting;
  await ready;

  expect(connection.state).toBe('READY');
  expect(connection.clientId).toBe(clientId);
  expect(connection.sessionId).toMatch(UUID);
  expect(connection.sessionId).not.toBe(firstSession);
  // The server saw the same client come back, naming the session it lost.
  const last = server.sessions[server.sessions.length - 1]!;
  expect(last).toEqual({ clientId, sessionId: connection.sessionId, previousSessionId: firstSession });

  await connection.close();
  expect(states.slice(0, 4)).toEqual(CONNECT_SEQUENCE);
  const afterDrop = states.slice(4);
  expect(afterDrop.slice(0, 1)).toEqual(['DISCONNECTED']);
  expect(afterDrop.slice(1, 4)).toEqual(CONNECT_SEQUENCE.slice(1));
  expect(closingTail(states)).toEqual(CLOSE_SEQUENCE);
});
