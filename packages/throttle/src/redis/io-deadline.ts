import { clearImmediate as nativeClearImmediate, setImmediate as nativeSetImmediate } from 'node:timers';
import { unfakeableClock, type Clock } from '@ws-isolation/internal';

/** A deadline armed by `ioDeadline()`; `clear()` once the answer came. */
export interface IoDeadline {
  clear(): void;
}

/**
 * Calls `onExpired` when `ms` have passed without `clear()`, yet never while
 * an answer already sits unread in a socket.
 *
 * A timer measures time, not silence. When the event loop is blocked past the
 * deadline (CPU starvation, a long GC, a synchronous stretch of user code),
 * libuv runs expired timers before it polls sockets again: the timer would
 * fire while the answer that came in time waits, unread, in the socket, and
 * the process would blame Redis for its own stall. So an expired deadline
 * waits for the check phase (`setImmediate`), which libuv runs right after the
 * next poll phase: an answer already received is read there, its promise
 * settles in the microtasks that follow the read (ioredis resolves there), and
 * `clear()` comes first. A peer that does not answer still expires, at most
 * one loop turn late.
 *
 * `setImmediate` is Node's own from `node:timers`, bound at module load: Jest's
 * fake timers replace the global one, and this deferral must run in real time.
 */
export function ioDeadline(ms: number, onExpired: () => void, clock: Clock = unfakeableClock): IoDeadline {
  let cleared = false;
  let immediate: ReturnType<typeof nativeSetImmediate> | undefined;
  const timer = clock.setTimeout(() => {
    immediate = nativeSetImmediate(() => {
      if (!cleared) onExpired();
    });
  }, ms);
  return {
    clear: () => {
      cleared = true;
      clock.clearTimeout(timer);
      if (immediate !== undefined) nativeClearImmediate(immediate);
    },
  };
}
