import type { Clock } from '@ws-isolation/internal';

/**
 * What the registry can track. The contract is structural on purpose: objects
 * from another copy of a package (or another realm) are tracked by shape, never
 * by `instanceof`.
 */
export interface TrackedInstance {
  /** Stable, unique enough to name the instance in a report. */
  readonly id: string;
  /** What it is, e.g. `'connection'`, `'mock-server'`, `'socket'`. */
  readonly kind: string;
  /** Optional current state, shown in reports. */
  readonly state?: unknown;
  /** A one-line description, e.g. url, client ID, session ID and state. */
  describe(): string;
  /**
   * Graceful close; the registry bounds how long it waits for it. An instance
   * with a deadline of its own resolves to `{ forced: true }` when it had to
   * terminate itself, and the registry reports it as forced.
   */
  close(): Promise<void | CloseOutcome> | void | CloseOutcome;
  /** Immediate, synchronous teardown; used when close does not settle in time. */
  terminate(): void;
}

/** What `close()` may resolve to: `forced` says the instance terminated itself at its own deadline. */
export interface CloseOutcome {
  readonly forced?: boolean;
}

/** A tracked instance as the registry reports it. */
export interface RegistryEntry {
  readonly id: string;
  readonly kind: string;
  /** `describe()` when the entry was read (or a fallback if it threw). */
  readonly label: string;
  /** The instance's `state` when the entry was read, as a string. */
  readonly state: string;
  /** Where the instance was created: `at …` frames from the caller of `track()` outward. */
  readonly stack: string;
  /** The scope it was tracked in (`'test'`, `'file'`, or any name). */
  readonly scope: string;
  /** `Date.now()` when tracked. */
  readonly createdAt: number;
  /** Why close or terminate failed, for entries in `failed`. */
  readonly error?: unknown;
}

/** What `cleanupAll()` did. Every entry it handled is in exactly one array. */
export interface CleanupReport {
  /** Closed gracefully before the deadline. */
  readonly closed: RegistryEntry[];
  /** Close did not settle by the deadline, so the instance was terminated (or close resolved to `{ forced: true }`). */
  readonly forced: RegistryEntry[];
  /** Close threw or rejected (terminate was then called), or terminate threw. */
  readonly failed: RegistryEntry[];
  readonly durationMs: number;
}

export interface TrackOptions {
  /**
   * The scope to track in.
   * @default the registry's current default scope (see `setDefaultScope`)
   */
  scope?: string;
  /**
   * Frames above (and including) this function are cut from the creation
   * stack, so a class passes its constructor and the stack starts at the user's line.
   * @default `track` itself
   * @example registry.track(this, { createdBy: new.target })
   */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  createdBy?: Function;
}

export interface CleanupOptions {
  /**
   * How long to wait for graceful closes before terminating what is left.
   * The whole call returns within this plus a small constant.
   * @default 1000
   */
  timeoutMs?: number;
  /**
   * Only clean up this scope.
   * @default every scope
   */
  scope?: string;
}

export interface ListOptions {
  /** Only entries of this scope. */
  scope?: string;
}

/** Events a registry emits, for logging (e.g. the Jest environment's `log: 'debug'`). */
export type RegistryEvent =
  | { type: 'track'; entry: RegistryEntry }
  | { type: 'untrack'; entry: RegistryEntry }
  | { type: 'cleanup-start'; count: number; timeoutMs: number; scope: string | undefined }
  | { type: 'closed' | 'forced' | 'failed'; entry: RegistryEntry; elapsedMs: number }
  | { type: 'cleanup-end'; report: CleanupReport };

/** Timers the registry uses for its deadline: the shared `Clock` shape, under the name this package has always used. */
export type RegistryClock = Clock;

/**
 * The registry contract, version 1. Any object with `version: 1` and these
 * members found at the ambient slot is used as is.
 */
export interface Registry {
  readonly version: 1;
  /** How many instances are tracked now. */
  readonly size: number;
  /** The scope `track()` uses when none is given. */
  readonly defaultScope: string;
  /** Sets the default scope and returns the previous one. */
  setDefaultScope(scope: string): string;
  /** Tracks an instance; returns an idempotent untrack function. */
  track(instance: TrackedInstance, options?: TrackOptions): () => void;
  /** Stops tracking an instance; returns whether it was tracked. */
  untrack(instance: TrackedInstance): boolean;
  /** Whether this exact instance is tracked. */
  has(instance: TrackedInstance): boolean;
  /** Tracked instances in the order they were tracked. */
  list(options?: ListOptions): RegistryEntry[];
  /** Closes everything (or one scope) concurrently, bounded by `timeoutMs`. */
  cleanupAll(options?: CleanupOptions): Promise<CleanupReport>;
  /** Listens to registry events; returns an unsubscribe function. */
  subscribe(listener: (event: RegistryEvent) => void): () => void;
}
