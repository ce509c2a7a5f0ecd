import type { Registry, TrackedInstance } from './types';

/**
 * Where an object that is tracked through a separate handle (for example a
 * WHATWG socket, whose own `close(code, reason)` is not the registry's
 * `close()`) exposes that handle, so that an owner can adopt it.
 */
export const TRACKED_HANDLE_KEY: unique symbol = Symbol.for('ws-isolation.tracked-handle/v1') as never;

/**
 * Stops tracking an object that an owner now answers for: the owner closes or
 * terminates it, and a leak is reported once, as the owner's. Looks for the
 * object's handle at `TRACKED_HANDLE_KEY`, else the object itself. Returns
 * whether anything was untracked.
 *
 * @example
 * const socket = new WebSocket(url);
 * untrackOwned(getRegistry(), socket); // this connection owns the socket
 */
export function untrackOwned(registry: Registry, owned: object): boolean {
  const handle = (owned as { [TRACKED_HANDLE_KEY]?: unknown })[TRACKED_HANDLE_KEY];
  const tracked = (typeof handle === 'object' && handle !== null ? handle : owned) as TrackedInstance;
  return registry.has(tracked) ? registry.untrack(tracked) : false;
}
