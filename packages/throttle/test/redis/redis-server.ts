import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { withTimeout } from '@ws-isolation/test-utils';

/** The variable .ci/run exports; the same one users' suites read through createSharedThrottle(). */
const REDIS_URL_VARIABLE = 'WSI_THROTTLE_REDIS_URL';

/** A redis-server of a test's own, on a loopback port, without persistence. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server at once, as a crash would (SIGKILL). */
  kill(): Promise<void>;
  /** Starts it again on the same port, with nothing in it (as after a crash without persistence). */
  start(): Promise<void>;
}

/** A free loopback port: the OS picks one for a moment's listener. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function spawnServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const ready = new Promise<ChildProcess>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready: ${output}`)));
  });
  // A server that never gets ready is not left behind to hold Jest open.
  return withTimeout(ready, 10_000, `redis-server on port ${port}`).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
}

/** Starts a redis-server on a free loopback port; fails loudly when the binary is missing. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child = await spawnServer(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await withTimeout(exited, 10_000, 'redis-server to exit');
    },
    start: async () => {
      child = await spawnServer(port);
    },
  };
}

/**
 * The Redis these tests run against: the one in WSI_THROTTLE_REDIS_URL (CI
 * starts it), else one of this file's own. Under CI a missing URL fails the
 * test, never skips it: CI must prove the Redis store on the real server.
 */
export async function testRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const url = process.env[REDIS_URL_VARIABLE];
  if (url !== undefined && url !== '') return { url, stop: async () => undefined };
  if (process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false') {
    throw new Error(`${REDIS_URL_VARIABLE} is not set under CI: .ci/run starts redis-server and exports it`);
  }
  const server = await startRedisServer();
  return { url: server.url, stop: () => server.kill() };
}

let names = 0;

/** A throttle name no other test (or earlier run on the same server) has used. */
export function uniqueName(label: string): string {
  names += 1;
  return `test:${label}:${process.pid}:${Date.now()}:${names}`;
}
