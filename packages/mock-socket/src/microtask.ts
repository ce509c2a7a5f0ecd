import { setImmediate as nativeSetImmediate } from 'node:timers';

// Captured at module load: a test's fake timers replace queueMicrotask,
// process.nextTick and setTimeout, but never a promise's then.
const resolved = Promise.resolve();

/**
 * Runs `fn` in a task of its own (a check-phase immediate), with every
 * microtask queued before it drained first, as the standard queues a task
 * for each WebSocket message. Node's own `setImmediate` from `node:timers`,
 * taken at load: `jest.useFakeTimers()` (modern or legacy) replaces the
 * global one, never this, so delivery needs no timer to be advanced.
 */
export function nextTask(fn: () => void): void {
  nativeSetImmediate(fn);
}

/** Runs `fn` one microtask hop from now. */
export function nextHop(fn: () => void): void {
  void resolved.then(fn);
}

/**
 * Reports an error thrown by user code (a listener, a handler) without
 * stopping the caller, as a browser reports an exception in an event
 * listener: it surfaces as an uncaught exception, so a test sees it.
 */
function reportError(error: unknown): void {
  nativeSetImmediate(() => {
    throw error;
  });
}

/** Calls `fn`, reporting whatever it throws. */
export function guarded(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    reportError(error);
  }
}
