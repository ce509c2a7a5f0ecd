import { setImmediate as nativeSetImmediate } from 'node:timers';

// Captured at module load: a test's fake timers replace queueMicrotask,
// process.nextTick and setTimeout, but never a promise's then.
const resolved = Promise.resolve();

/** Runs `fn` one microtask hop from now. */
export function nextHop(fn: () => void): void {
  void resolved.then(fn);
}

/**
 * Reports an error thrown by user code (a listener, a handler) without
 * stopping the caller, as a browser reports an exception in an event
 * listener: it surfaces as an uncaught exception, so a test sees it.
 */
export function reportError(error: unknown): void {
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
