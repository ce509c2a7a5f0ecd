import { MockWebSocket } from './mock-websocket';

/**
 * Installs `MockWebSocket` as the global `WebSocket`, for code under test
 * that does `new WebSocket(url)`, and returns a function that puts back what
 * was there before (on Node 20, usually nothing). Calling it twice restores once.
 *
 * @example
 * afterAll(installMockWebSocket()); // one line at the top of a test file
 */
export function installMockWebSocket(): () => void {
  const before = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
  Object.defineProperty(globalThis, 'WebSocket', {
    value: MockWebSocket,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    if (before === undefined) delete (globalThis as { WebSocket?: unknown }).WebSocket;
    else Object.defineProperty(globalThis, 'WebSocket', before);
  };
}
