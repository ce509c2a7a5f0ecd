import type { EventEmitter } from 'eventemitter3';
import { show } from '@ws-isolation/internal';
import { CoreError, CoreErrorCode } from './errors';

/** The smallest emitter surface the guard needs (an eventemitter3 emitter has it). */
type Emitter = Pick<EventEmitter, 'emit'>;

/**
 * Emits `event` so that a throwing listener cannot break the caller's
 * lifecycle: what it threw becomes an ERR_WSI_LISTENER_FAILED error (the
 * thrown value as `cause`) handed to `report`, which emits it as an `error`
 * event (see `reportError` for what happens when nobody listens).
 *
 * As with any EventEmitter, the listeners after the one that threw do not
 * get that one emission; they get every later one.
 */
export function emitGuarded(
  emitter: Emitter,
  event: string,
  args: readonly unknown[],
  report: (failure: CoreError) => void,
): void {
  try {
    emitter.emit(event, ...args);
  } catch (thrown) {
    report(
      new CoreError(
        CoreErrorCode.LISTENER_FAILED,
        `A listener of the '${event}' event threw: ${describeThrown(thrown)}`,
        {
          cause: thrown,
        },
      ),
    );
  }
}

function describeThrown(thrown: unknown): string {
  if (
    thrown instanceof Error ||
    (typeof thrown === 'object' && thrown !== null && typeof (thrown as { message?: unknown }).message === 'string')
  ) {
    return (thrown as { message: string }).message;
  }
  return show(thrown);
}
