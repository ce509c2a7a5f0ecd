import { clearTimeout as realClearTimeout, setTimeout as realSetTimeout } from 'node:timers';
import { fakeableClock, type Clock } from '@ws-isolation/internal';

/** A running deadline; `cancel()` is idempotent. */
export interface Deadline {
  cancel(): void;
}

/**
 * Calls `fire` once, `ms` from now on `clock`. On the default clock the
 * deadline is also bounded in real time: a backstop on Node's own timers
 * (captured when this module loads, so a test's fake timers, modern or
 * legacy, cannot replace them) fires at the same duration, and whichever
 * fires first wins. The default clock follows the global timers so fake
 * timers can drive it; the backstop makes sure fake timers that are never
 * advanced cannot stall a close, a connect or a handshake forever. The
 * backstop is `unref()`ed, so it never keeps a process alive on its own.
 *
 * An injected clock gets no backstop: whoever injects a clock owns time.
 */
export function startDeadline(clock: Clock, ms: number, fire: () => void): Deadline {
  let done = false;
  let backstop: ReturnType<typeof realSetTimeout> | undefined;
  const cancel = (): void => {
    if (done) return;
    done = true;
    clock.clearTimeout(timer);
    if (backstop !== undefined) realClearTimeout(backstop);
  };
  const once = (): void => {
    if (done) return;
    cancel();
    fire();
  };
  const timer = clock.setTimeout(once, ms);
  if (clock === fakeableClock) {
    backstop = realSetTimeout(once, ms);
    backstop.unref();
  }
  return { cancel };
}
