import { AsyncLocalStorage, createHook, executionAsyncResource, type AsyncHook } from 'node:async_hooks';
import { trimStack } from '@ws-isolation/internal';

/** Where a test's timer was scheduled, kept on the timer; its stack is formatted only when a report reads it. */
const SCHEDULED_AT = Symbol('ws-isolation.scheduled-at');
/** Frames kept per timer: Node's own (async_hooks, timers) come first and are dropped. */
const SITE_FRAMES = 12;

/** The test whose code (or whose timers and callbacks, however late) is running now. */
export interface WorkOwner<Test = unknown> {
  /** The test runner's own object for the test (Jest's test entry, Vitest's task). */
  readonly test: Test;
  /** The test's full name, as its runner prints it. */
  readonly name: string;
  /** Set when the test's scope ended (`test_done`): work of this owner running now outlived it. */
  ended: boolean;
  /** Set once late work of this owner was found: its timers are cleared, new ones too. */
  stopped: boolean;
}

/** Async resources that schedule work for later; the ones an ended test can be stopped through. */
type Timer = NodeJS.Timeout | NodeJS.Immediate;

/** How many timers an owner keeps before fired and cleared ones are dropped. */
const PRUNE_AT = 512;

/**
 * Knows which test scheduled the code that runs now, through async context:
 * each test function and each beforeEach/afterEach hook runs inside
 * `AsyncLocalStorage.run`, so timers, promises and callbacks it creates carry
 * their test along, however late they fire. Timers are remembered per test, so
 * the work of a test that outlived it can be stopped.
 *
 * The storage costs something for every promise the process makes, Jest's
 * own included. Until a test's code makes its first async resource, nothing
 * can run later as a test, so the storage is on only while a test's code
 * runs; from that first resource on, it stays on.
 */
export class WorkOwners<Test = unknown> {
  readonly #storage = new AsyncLocalStorage<WorkOwner<Test>>();
  readonly #timers = new Map<WorkOwner<Test>, Set<Timer>>();
  readonly #originals = new WeakSet<object>();
  #hook: AsyncHook | undefined;
  /** How many runs as an owner are on the stack now. */
  #running = 0;
  /** Set once code running as an owner made an async resource: owned work may then run at any time. */
  #escaped = false;

  /** Starts remembering timers; until `disable()`. */
  enable(): void {
    if (this.#hook !== undefined) return;
    const init = (_id: number, type: string, _trigger: number, resource: object): void => {
      // Until something escaped, only code inside a run can be an owner's.
      if (!this.#escaped && this.#running === 0) return;
      const timer = type === 'Timeout' || type === 'Immediate';
      if (!timer && this.#escaped) return;
      const owner = this.#storage.getStore();
      if (owner === undefined) return;
      this.#escaped = true;
      if (!timer) return;
      this.#remember(owner, resource as Timer);
      const site: { stack?: string } = {};
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = SITE_FRAMES;
      Error.captureStackTrace(site, init);
      Error.stackTraceLimit = limit;
      (resource as { [SCHEDULED_AT]?: object })[SCHEDULED_AT] = site;
    };
    this.#hook = createHook({ init });
    this.#hook.enable();
  }

  disable(): void {
    this.#hook?.disable();
    this.#hook = undefined;
    this.#storage.disable();
    this.#timers.clear();
  }

  /** The owner of the code running now, if it is a test's. */
  current(): WorkOwner<Test> | undefined {
    return this.#storage.getStore();
  }

  /** Runs `work` as `owner`: what it schedules (events a cleanup triggers, too) is the owner's. */
  runInside<T>(owner: WorkOwner<Test>, work: () => T): T {
    return this.#runInside(owner, work);
  }

  readonly #runInside = <T>(owner: WorkOwner<Test>, work: () => T): T => {
    // Without the hook nobody sees what the run makes: count it as escaped.
    if (this.#hook === undefined) this.#escaped = true;
    if (this.#escaped) return this.#storage.run(owner, work);
    this.#running += 1;
    try {
      return this.#storage.run(owner, work);
    } finally {
      // Nothing made as the owner outlives this call: no code can run as an owner until the next run.
      if (--this.#running === 0 && !this.#escaped) this.#storage.disable();
    }
  };

  /** A new owner for a test that is starting. */
  ownerFor(test: Test, name: string): WorkOwner<Test> {
    return { test, name, ended: false, stopped: false };
  }

  /**
   * Makes `entry.fn` (a test or hook) run as `owner`. Jest reads `fn.length`
   * to tell a done-callback function, so the wrapper keeps it. A hook shared
   * by every test is wrapped once and reads its owner when it runs.
   */
  runAs<F extends (...args: never[]) => unknown>(entry: { fn: F }, owner: () => WorkOwner<Test> | undefined): void {
    const original = entry.fn;
    // Already ours (a hook shared by every test), or nothing to run (a test with no function).
    if (typeof original !== 'function' || this.#originals.has(original)) return;
    const runInside = this.#runInside;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const who = owner();
      const call = (): unknown => (original as unknown as (...a: unknown[]) => unknown).apply(this, args);
      return who === undefined ? call() : runInside(who, call);
    };
    // The wrapper's own length is 0 (rest parameters): most functions need no change.
    if (original.length !== 0) Object.defineProperty(wrapped, 'length', { value: original.length });
    this.#originals.add(wrapped);
    entry.fn = wrapped as unknown as F;
  }

  /** Clears every pending timer of `owner`, and from now on each one it makes. */
  stop(owner: WorkOwner<Test>): number {
    owner.stopped = true;
    const timers = this.#timers.get(owner);
    this.#timers.delete(owner);
    let cleared = 0;
    for (const timer of timers ?? []) {
      if (!isDone(timer)) cleared += 1;
      clearTimer(timer);
    }
    return cleared;
  }

  /** Stops every owner that has pending timers (the file is over: nothing of it may run later). */
  stopAll(): number {
    let cleared = 0;
    for (const owner of [...this.#timers.keys()]) cleared += this.stop(owner);
    return cleared;
  }

  #remember(owner: WorkOwner<Test>, timer: Timer): void {
    if (owner.stopped) {
      // Cleared once the scheduling call has returned: the timer is not yet in Node's lists while init runs.
      queueMicrotask(() => clearTimer(timer));
      return;
    }
    let timers = this.#timers.get(owner);
    if (timers === undefined) this.#timers.set(owner, (timers = new Set()));
    if (timers.size >= PRUNE_AT) for (const done of [...timers].filter(isDone)) timers.delete(done);
    timers.add(timer);
  }
}

/** Where the timer whose callback runs now was scheduled, when the code running now is a timer's. */
export function schedulingSite(): string | undefined {
  const site = (executionAsyncResource() as { [SCHEDULED_AT]?: { stack?: string } } | undefined)?.[SCHEDULED_AT];
  const frames = site?.stack === undefined ? '' : trimStack(site.stack, { dropNodeFrames: true });
  return frames === '' ? undefined : frames;
}

function isDone(timer: Timer): boolean {
  return (timer as { _destroyed?: boolean })._destroyed === true;
}

function clearTimer(timer: Timer): void {
  if ('_onImmediate' in timer) clearImmediate(timer);
  else clearTimeout(timer);
}
