import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Clock } from '../clock';
import { EventStream } from './event-stream';
import { EVENTS_FILE_ENV, type JestEvent } from './events';
import { RUNNER_PID_ENV } from './runner-watch';
import { LogTail, type LogLine } from './log-tail';
import { openSockets } from './open-sockets';
import { signalGroup, waitForGroupExit } from './process-group';

/** How often the events file is read while a run is going. */
const POLL_MS = 50;
/** How long a group gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 500;
/** How long to wait for the pipes to close after the process exited. */
const CLOSE_WAIT_MS = 2000;
/** How long to wait for a SIGKILLed group to be gone. */
const GROUP_EXIT_WAIT_MS = 5000;
/**
 * How long Jest may take to exit once every result is in. Jest itself needs a
 * few hundred milliseconds to write its summary and end its workers; longer
 * means something (a timer, a socket, a server) keeps the process alive.
 */
export const RESULTS_GRACE_MS = 1500;

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
  /** Ends the run when aborted: the caller has every result it needs from it. */
  stop?: AbortSignal;
}

export interface JestProcessResult {
  events: JestEvent[];
  log: LogLine[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /**
   * Why the runner killed the process, if it did: no progress (`idle`), its time
   * limit, it outlived its results (`after-results`: alive `RESULTS_GRACE_MS` after the run completed), or
   * the caller stopped it (`stopped`: it had every result it needed).
   */
  killed: 'idle' | 'limit' | 'after-results' | 'stopped' | null;
  /** When the run-complete event arrived: every result was in. */
  resultsAt: number | undefined;
  /** TCP connections and servers the process group held open when the runner killed it. */
  openSockets: string[];
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
  return new Promise((resolve) => new JestProcess(options, resolve).start());
}

/** One Jest child: its timers, its event stream and its output tail. */
class JestProcess {
  readonly #options: JestProcessOptions;
  readonly #resolve: (result: JestProcessResult) => void;
  readonly #clock: Clock;
  readonly #stream: EventStream;
  readonly #tail: LogTail;
  readonly #timers = new Set<unknown>();
  #child: ChildProcess | undefined;
  #startedAt = 0;
  #lastActivity = 0;
  #sawEvent = false;
  #resultsAt: number | undefined;
  #openSockets: string[] = [];
  #killed: JestProcessResult['killed'] = null;
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  #closed = false;
  #groupGone = false;
  #done = false;

  constructor(options: JestProcessOptions, resolve: (result: JestProcessResult) => void) {
    this.#options = options;
    this.#resolve = resolve;
    this.#clock = options.clock;
    writeFileSync(options.eventsFile, '');
    this.#stream = new EventStream(options.eventsFile);
    this.#tail = new LogTail(options.tailLines, () => this.#clock.now());
  }

  start(): void {
    const options = this.#options;
    this.#startedAt = this.#lastActivity = this.#clock.now();
    const child = spawn(process.execPath, [options.bin, ...options.args], {
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        FORCE_COLOR: '0',
        NO_COLOR: '1',
        ...options.env,
        [EVENTS_FILE_ENV]: options.eventsFile,
        [RUNNER_PID_ENV]: String(process.pid),
      },
    });
    this.#child = child;
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.#tail.push('stdout', chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.#tail.push('stderr', chunk));
    child.once('exit', (code, signal) => this.#onExit(code, signal));
    child.once('close', () => {
      this.#closed = true;
      this.#finishWhenSettled();
    });
    child.once('error', (error) => this.#onError(error));
    options.stop?.addEventListener('abort', () => this.#stop(), { once: true });
    if (options.stop?.aborted === true) this.#stop();
    this.#later(() => this.#tick(), POLL_MS);
  }

  #later(fn: () => void, ms: number): void {
    // Once the result is out, the run is over: a timer now would outlive it and keep the caller's process alive.
    if (this.#done) return;
    const id = this.#clock.setTimeout(() => {
      this.#timers.delete(id);
      fn();
    }, ms);
    this.#timers.add(id);
  }

  #clearTimers(): void {
    for (const id of this.#timers) this.#clock.clearTimeout(id);
    this.#timers.clear();
  }

  #drain(): void {
    const fresh = this.#stream.poll();
    if (fresh.length === 0) return;
    this.#lastActivity = this.#clock.now();
    this.#sawEvent = true;
    for (const event of fresh) {
      this.#options.onEvent?.(event);
      if (event.type === 'run-complete' && this.#resultsAt === undefined) {
        this.#resultsAt = this.#clock.now();
        // Results decide when a run is over, not the exit: a process still alive after a grace is a finding, not a wait.
        // The last read (in #finish) can be the first to see the results of a process that has exited since: no
        // kill is armed for it, which would signal a process group that is gone, or by then another's.
        if (this.#exit === undefined) this.#later(() => this.#kill('after-results'), RESULTS_GRACE_MS);
      }
    }
  }

  #tick(): void {
    this.#drain();
    const now = this.#clock.now();
    if (now - this.#startedAt >= this.#options.limitMs) this.#kill('limit');
    // Jest's own start-up is bounded by limitMs only: on a busy machine it
    // can take longer than a test is allowed to.
    else if (this.#sawEvent && now - this.#lastActivity >= this.#options.idleMs) this.#kill('idle');
    this.#later(() => this.#tick(), POLL_MS);
  }

  #stop(): void {
    if (this.#done || this.#exit !== undefined) return;
    // Whatever the process wrote up to now still counts.
    this.#drain();
    this.#kill('stopped');
  }

  #kill(why: NonNullable<JestProcessResult['killed']>): void {
    if (this.#killed !== null) return;
    this.#killed = why;
    // What a hung hook or a process that will not exit is waiting on, before the kill closes it.
    if (why !== 'stopped') this.#openSockets = openSockets(this.#child?.pid);
    signalGroup(this.#child?.pid, 'SIGTERM');
    this.#later(() => {
      signalGroup(this.#child?.pid, 'SIGKILL');
      // A process stuck in the kernel may not even die of SIGKILL; the run still ends.
      this.#later(() => this.#giveUp('Jest did not exit after SIGKILL'), GROUP_EXIT_WAIT_MS);
    }, KILL_GRACE_MS);
  }

  #giveUp(why: string): void {
    this.#tail.push('stderr', `ws-isolation: ${why}\n`);
    this.#finish();
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    // The run gave up on this process and reported: its exit changes nothing now, and a wait for its group would be
    // a timer that outlives the run, for a group whose id may by then be another's.
    if (this.#done) return;
    this.#exit = { code, signal };
    this.#clearTimers();
    // Grandchildren (workers, servers a test spawned) die with the group,
    // and the run is only over when they are gone.
    signalGroup(this.#child?.pid, 'SIGKILL');
    void waitForGroupExit(this.#child?.pid, this.#clock, GROUP_EXIT_WAIT_MS).then(() => {
      this.#groupGone = true;
      this.#finishWhenSettled();
    });
    // Pipes held open by an escaped grandchild must not keep us waiting.
    this.#later(() => {
      this.#child?.stdout?.destroy();
      this.#child?.stderr?.destroy();
    }, CLOSE_WAIT_MS);
    this.#later(
      () => this.#giveUp('the output pipes or the process group did not close'),
      CLOSE_WAIT_MS + GROUP_EXIT_WAIT_MS,
    );
  }

  #onError(error: Error): void {
    this.#tail.push('stderr', `failed to start Jest: ${error.message}\n`);
    if (this.#exit !== undefined) return;
    this.#exit = { code: null, signal: null };
    this.#finish();
  }

  /**
   * A process still there at the end (even SIGKILL did not end it in time) must not keep the caller alive
   * through its pipes or its handle; after a normal end both are closed already.
   */
  #letGo(): void {
    const child = this.#child;
    if (child === undefined) return;
    for (const pipe of [child.stdout, child.stderr]) {
      // A child's pipe is a net.Socket: unref'd, it no longer holds the caller while it closes.
      (pipe as Socket | null)?.unref();
      pipe?.destroy();
    }
    child.unref();
  }

  #finishWhenSettled(): void {
    if (this.#closed && this.#groupGone) this.#finish();
  }

  #finish(): void {
    if (this.#done) return;
    this.#done = true;
    this.#clearTimers();
    this.#drain();
    this.#tail.flush();
    this.#letGo();
    this.#resolve({
      events: this.#stream.events,
      log: this.#tail.lines(),
      exitCode: this.#exit?.code ?? null,
      signal: this.#exit?.signal ?? null,
      killed: this.#killed,
      resultsAt: this.#resultsAt,
      openSockets: this.#openSockets,
      startedAt: this.#startedAt,
      endedAt: this.#clock.now(),
      pid: this.#child?.pid,
    });
  }
}
