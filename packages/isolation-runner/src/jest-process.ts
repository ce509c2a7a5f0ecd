import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Clock } from './clock';
import { EventStream } from './event-stream';
import { EVENTS_FILE_ENV, type JestEvent } from './events';
import { LogTail, type LogLine } from './log-tail';

/** How often the events file is read while a run is going. */
const POLL_MS = 50;
/** How long a group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 500;
/** How long to wait for the pipes to close after the process exited. */
const CLOSE_WAIT_MS = 2000;

export interface JestProcessOptions {
  /** `jest/bin/jest.js` of the project. */
  bin: string;
  cwd: string;
  args: string[];
  /** The file the streaming reporter appends to; created empty here. */
  eventsFile: string;
  env?: Record<string, string>;
  /** The run is killed when it is older than this. */
  limitMs: number;
  /** After the first reporter event, the run is killed when no new event came for this long. */
  idleMs: number;
  tailLines: number;
  clock: Clock;
  onSpawn?: (pid: number) => void;
  onEvent?: (event: JestEvent) => void;
}

export interface JestProcessResult {
  events: JestEvent[];
  log: LogLine[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why the runner killed the process, if it did. */
  killed: 'idle' | 'limit' | null;
  startedAt: number;
  endedAt: number;
  pid: number | undefined;
}

/**
 * Runs Jest in its own process group and resolves when the process is gone.
 * At a limit the whole group gets SIGTERM, then SIGKILL; after any exit the
 * group is killed again, so nothing Jest or a test started outlives the run.
 */
export function runJestProcess(options: JestProcessOptions): Promise<JestProcessResult> {
  const { clock } = options;
  writeFileSync(options.eventsFile, '');
  const stream = new EventStream(options.eventsFile);
  const tail = new LogTail(options.tailLines, () => clock.now());
  const startedAt = clock.now();
  const child = spawn(process.execPath, [options.bin, ...options.args], {
    cwd: options.cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env, [EVENTS_FILE_ENV]: options.eventsFile },
  });
  const pid = child.pid;
  if (pid !== undefined) options.onSpawn?.(pid);
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => tail.push('stdout', chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => tail.push('stderr', chunk));

  return new Promise<JestProcessResult>((resolve) => {
    let killed: JestProcessResult['killed'] = null;
    let lastActivity = startedAt;
    const timers = new Set<unknown>();
    const later = (fn: () => void, ms: number): void => {
      const id = clock.setTimeout(() => {
        timers.delete(id);
        fn();
      }, ms);
      timers.add(id);
    };
    let started = false;
    const drain = (): void => {
      const fresh = stream.poll();
      if (fresh.length > 0) lastActivity = clock.now();
      if (fresh.length > 0) started = true;
      for (const event of fresh) options.onEvent?.(event);
    };
    const kill = (why: 'idle' | 'limit'): void => {
      if (killed !== null) return;
      killed = why;
      signalGroup(pid, 'SIGTERM');
      later(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    const tick = (): void => {
      drain();
      const now = clock.now();
      if (now - startedAt >= options.limitMs) kill('limit');
      // Jest's own start-up is bounded by limitMs only: on a busy machine it
      // can take longer than a test is allowed to.
      else if (started && now - lastActivity >= options.idleMs) kill('idle');
      later(tick, POLL_MS);
    };
    later(tick, POLL_MS);

    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      for (const id of timers) clock.clearTimeout(id);
      timers.clear();
      drain();
      tail.flush();
      resolve({ events: stream.events, log: tail.lines(), exitCode: exit?.code ?? null, signal: exit?.signal ?? null, killed, startedAt, endedAt: clock.now(), pid });
    };
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      // Grandchildren (workers, servers a test spawned) die with the group.
      signalGroup(pid, 'SIGKILL');
      for (const id of timers) clock.clearTimeout(id);
      timers.clear();
      // Pipes held open by an escaped grandchild must not keep us waiting.
      later(() => destroyPipes(child), CLOSE_WAIT_MS);
    });
    child.once('close', finish);
    child.once('error', (error) => {
      tail.push('stderr', `failed to start Jest: ${error.message}\n`);
      if (exit === undefined) {
        exit = { code: null, signal: null };
        finish();
      }
    });
  });
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

function destroyPipes(child: ChildProcess): void {
  child.stdout?.destroy();
  child.stderr?.destroy();
}
