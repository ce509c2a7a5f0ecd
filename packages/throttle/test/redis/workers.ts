import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { withTimeout } from '@ws-isolation/test-utils';

const WORKER = path.join(__dirname, '..', 'fixtures', 'redis-worker.cjs');

export interface Interval {
  readonly grantAt: number;
  readonly releaseAt: number;
}

export interface WorkerConfig {
  readonly url: string;
  readonly name: string;
  readonly leaseMs: number;
  readonly throttle: Record<string, unknown>;
  readonly permits: number;
  /** null: hold every permit until killed. */
  readonly holdMs: number | null;
}

interface Message {
  type: 'ready' | 'granted' | 'holding' | 'done' | 'error';
  at?: number;
  startAt?: number;
  intervals?: Interval[];
  message?: string;
}

/** A Node process running the throttle from the built package. */
export class Worker {
  readonly child: ChildProcess;
  readonly grants: number[] = [];
  readonly #messages: Message[] = [];
  readonly #waiting: Array<() => void> = [];

  constructor(config: WorkerConfig) {
    this.child = fork(WORKER, [JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (message: Message) => {
      if (message.type === 'granted') this.grants.push(message.at!);
      this.#messages.push(message);
      for (const wake of this.#waiting.splice(0)) wake();
    });
    this.child.on('exit', () => {
      for (const wake of this.#waiting.splice(0)) wake();
    });
  }

  /** Waits (bounded) for a message of this type; an error message or an early exit fails the wait. */
  next(type: Message['type'], timeoutMs = 60_000): Promise<Message> {
    const found = new Promise<Message>((resolve, reject) => {
      const check = (): void => {
        const message = this.#messages.find((m) => m.type === type || m.type === 'error');
        if (message?.type === 'error') reject(new Error(`worker failed: ${message.message}`));
        else if (message !== undefined) resolve(message);
        else if (this.child.exitCode !== null || this.child.signalCode !== null)
          reject(new Error(`worker exited (${this.child.exitCode ?? this.child.signalCode}) before "${type}"`));
        else this.#waiting.push(check);
      };
      check();
    });
    return withTimeout(found, timeoutMs, `worker message "${type}"`);
  }

  go(): void {
    this.child.send('go');
  }

  /** SIGKILL, as a crash or an OOM kill: nothing runs in the process after it. */
  async kill(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await withTimeout(exited, 10_000, 'killed worker to exit');
  }

  /** Kills the process if it still runs (teardown of a failed test). */
  stop(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** The most intervals open at one instant; at equal times a release counts before a grant. */
export function maxOverlap(intervals: readonly Interval[]): number {
  const events = intervals.flatMap((interval) => [
    { at: interval.grantAt, delta: 1 },
    { at: interval.releaseAt, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let max = 0;
  for (const event of events) {
    open += event.delta;
    max = Math.max(max, open);
  }
  return max;
}
