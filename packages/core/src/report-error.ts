import type { EventEmitter } from 'eventemitter3';
import type { CoreError } from './errors';

/** The smallest emitter surface reporting needs (an eventemitter3 emitter has it). */
type Emitter = Pick<EventEmitter, 'emit' | 'listenerCount'>;

/** Who the error is about, for the warning's detail: `describe()` and the creation stack. */
export interface ErrorSource {
  describe(): string;
  creationStack(): string;
}

/**
 * The one policy for a connection's `error` event, the same for every code.
 *
 * - With an `error` listener, the listener gets the error. If the listener
 *   throws, what it threw is rethrown on its own from a microtask, as
 *   Node's EventEmitter lets it escape: a broken error handler is loud.
 * - With none, the error becomes a process warning (`process.emitWarning`):
 *   loud (Node prints it, `process.on('warning')` gets the error itself with
 *   its `code`), but not an uncaught exception. Errors arrive from timers and
 *   socket events, long after the user's last call; a connection a test just
 *   let go must not crash the process with a stack that names no user code.
 *   The warning's `detail` names the connection and the line that created it.
 */
export function reportError(emitter: Emitter, error: CoreError, source: ErrorSource): void {
  if (emitter.listenerCount('error') === 0) {
    warnUnheard(error, source);
    return;
  }
  try {
    emitter.emit('error', error);
  } catch (thrown) {
    queueMicrotask(() => {
      throw thrown;
    });
  }
}

function warnUnheard(error: CoreError, source: ErrorSource): void {
  const created = source.creationStack();
  const detail = `Nobody listens to the 'error' event of ${source.describe()}; add a listener to handle it.${
    created === '' ? '' : `\nThe connection was created\n${created}`
  }`;
  // Node prints a warning's `detail` under its message.
  process.emitWarning(Object.assign(error, { detail }));
}
