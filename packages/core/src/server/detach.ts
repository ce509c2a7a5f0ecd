/** How a server socket lets go of a listener: `ws`'s sockets have `off`, other emitters may have only `removeListener`. */
export interface DetachableSocket {
  off?(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** Removes `listener` from `event` on `socket`, with whichever of the two methods it has. */
export function detach(socket: DetachableSocket, event: string, listener: (...args: never[]) => void): void {
  const fn = listener as (...args: unknown[]) => void;
  if (typeof socket.off === 'function') socket.off(event, fn);
  else socket.removeListener?.(event, fn);
}
