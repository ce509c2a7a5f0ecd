import { createRequire } from 'node:module';
import { installCodeCache } from './code-cache';
import { WARM_TEST_WORKER_ENV } from './events';

/** One test's outcome in a warm call, in Jest's status names. */
export interface WarmCase {
  ancestorTitles: string[];
  title: string;
  fullName: string;
  status: string;
  failureMessages: string[];
}

/** What a warm worker sends back for one call: small, so the IPC stays cheap. */
export interface WarmCallResult {
  cases: WarmCase[];
  /** The file failed as a whole (did not load, a beforeAll threw, a teardown failed). */
  execError: string | null;
  /** Kinds of handles (`Timeout`, `TCPSocketWrap`, …) not open before the call and still open after it, once those still closing had a moment to close. */
  leaked: string[];
  durationMs: number;
  /** The worker's V8 heap in use after the call, in bytes (0 when unknown). */
  heapUsed: number;
}

interface JestTestWorker {
  setup(data: unknown): Promise<void>;
  worker(request: unknown): Promise<JestFileResult>;
}
interface JestFileResult {
  testResults: {
    ancestorTitles: string[];
    title: string;
    fullName: string;
    status: string;
    failureMessages: string[];
  }[];
  testExecError?: { message?: string; stack?: string } | null;
  failureMessage?: string | null;
}

// Handles that come and go with any file read or callback; only what stays open is a leak.
const TRANSIENT = new Set(['FSReqCallback', 'FSReqPromise', 'FileHandleCloseReq', 'Immediate', 'StatWatcher']);

/**
 * How long what a call left open may take to finish closing before it counts
 * as a leak. A test that ends a socket (or closes a server) without awaiting
 * its close leaves handles that are gone a few milliseconds later; counted at
 * once, each such test would be run again in a process of its own and its
 * worker replaced. Only a call that left something open waits, and at most this.
 */
const CLOSE_GRACE_MS = 250;
const CLOSE_POLL_MS = 5;
/**
 * Looks taken however late they come: a worker the machine did not schedule
 * for longer than the grace still gives closes a few event loop turns (each
 * look is one) before it counts what is left.
 */
const CLOSE_MIN_LOOKS = 5;

let inner: JestTestWorker | undefined;

/** jest-runner's own test worker, found by the runner from the project's Jest. */
function testWorker(): JestTestWorker {
  inner ??= createRequire(__filename)(
    process.env[WARM_TEST_WORKER_ENV] ?? 'jest-runner/build/testWorker',
  ) as JestTestWorker;
  return inner;
}

/** Called once per worker process by jest-worker, with the module maps. */
export async function setup(data: unknown): Promise<void> {
  openOwnStdio();
  installCodeCache();
  await testWorker().setup(data);
}

/**
 * Makes the worker's own stdout and stderr now: Node makes each (a pipe, under
 * jest-worker) on first use. Otherwise the first call that prints, or that Jest
 * prints for, would seem to leave a pipe open. Under `CI=true` nothing touches
 * them before the first call (Jest checks for a terminal only outside CI), so
 * every call was counted as a leak and every worker replaced after its first test.
 */
function openOwnStdio(): void {
  void process.stdout.fd;
  void process.stderr.fd;
}

/** Answers once the worker has started and run `setup`: the runner's time limit for a test starts after that. */
export async function ready(): Promise<boolean> {
  testWorker();
  return true;
}

/** Runs one test file call through jest-runner's worker and reports the handles it left open. */
export async function worker(request: unknown): Promise<WarmCallResult> {
  const before = openResources();
  const started = Date.now();
  let result: JestFileResult;
  try {
    result = await testWorker().worker(request);
  } catch (error) {
    return { cases: [], execError: errorText(error), leaked: [], durationMs: Date.now() - started, heapUsed: 0 };
  }
  // Let close callbacks of the environment's teardown run before counting what is still open.
  await new Promise((resolve) => setImmediate(resolve));
  const durationMs = Date.now() - started;
  const execError = result.testExecError
    ? (result.failureMessage ?? result.testExecError.stack ?? result.testExecError.message ?? 'test file failed to run')
    : null;
  const cases = result.testResults.map(({ ancestorTitles, title, fullName, status, failureMessages }) => ({
    ancestorTitles,
    title,
    fullName,
    status,
    failureMessages,
  }));
  const leaked = await leftOpen(before);
  return { cases, execError, leaked, durationMs, heapUsed: process.memoryUsage().heapUsed };
}

/** The handles open now that were not before the call, once those still closing have had `CLOSE_GRACE_MS` to close. */
async function leftOpen(before: Map<string, number>): Promise<string[]> {
  let leaked = newResources(before, openResources());
  const deadline = Date.now() + CLOSE_GRACE_MS;
  for (let looks = 0; leaked.length > 0 && (looks < CLOSE_MIN_LOOKS || Date.now() < deadline); looks += 1) {
    // A timer that has fired is no longer counted as open, so the wait itself is never a leak.
    await new Promise((resolve) => setTimeout(resolve, CLOSE_POLL_MS));
    leaked = newResources(before, openResources());
  }
  return leaked;
}

function openResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo())
    if (!TRANSIENT.has(kind)) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

function newResources(before: Map<string, number>, after: Map<string, number>): string[] {
  const leaked: string[] = [];
  for (const [kind, count] of after) for (let i = before.get(kind) ?? 0; i < count; i++) leaked.push(kind);
  return leaked;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  if (typeof error === 'object' && error !== null && 'message' in error)
    return String((error as { message: unknown }).message);
  return String(error);
}

/** A warm call's settled value (or rejection, when the worker died) as a result. */
export function warmCallOutcome(value: unknown): WarmCallResult {
  if (typeof value === 'object' && value !== null && 'cases' in value && 'leaked' in value)
    return value as WarmCallResult;
  return {
    cases: [],
    execError: `the warm worker failed: ${errorText(value)}`,
    leaked: [],
    durationMs: 0,
    heapUsed: 0,
  };
}
