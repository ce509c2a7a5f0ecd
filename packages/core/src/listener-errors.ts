import type { EventEmitter } from 'eventemitter3';
import { show } from '@ws-isolation/internal';
import { CoreError, CoreErrorCode } from './errors';

/** The smallest emitter surface the guard needs (an eventemitter3 emitter has it). */
type Emitter = Pick<EventEmitter, 'emit' | 'listenerCount'>;

/**
 * Emits `event` so that a throwing listener cannot break the caller's
 * lifecycle. The failure is reported as an `error` event carrying
 * ERR_WSI_LISTENER_FAILED (the thrown value as `cause`). Only when nobody
 * listens to `error`, or an `error` listener throws itself, is the error
 * rethrown on its own from a microtask, as Node's EventEmitter does for an
 * unheard `error`: it is reported by the process, never swallowed.
 *
 * As with any EventEmitter, the listeners after the one that threw do not
 * get that one emission; they get every later one.
 */
export function emitGuarded(emitter: Emitter, event: string, args: readonly unknown[]): void {
  try {
    emitter.emit(event, ...args);
  } catch (thrown) {
    if (event === 'error') rethrowLater(thrown);
    else reportListenerFailure(emitter, event, thrown);
  }
}

function reportListenerFailure(emitter: Emitter, event: string, thrown: unknown): void {
  const failure = new CoreError(
    CoreErrorCode.LISTENER_FAILED,
    `A listener of the '${event}' event threw: ${describeThrown(thrown)}`,
    { cause: thrown },
  );
  if (emitter.listenerCount('error') === 0) {
    rethrowLater(failure);
    return;
  }
  try {
    emitter.emit('error', failure);
  } catch (thrownByErrorListener) {
    rethrowLater(thrownByErrorListener);
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

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
