import { installMockWebSocket, MockServer, MockWebSocket, resetMockNetwork } from '../src';

afterEach(() => resetMockNetwork());

/** Application code that uses the global WebSocket, as browser code does. */
function greet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.onopen = () => socket.send('hello');
    socket.onmessage = (event) => {
      resolve(String(event.data));
      socket.close();
    };
    socket.onerror = () => reject(new Error('failed'));
  });
}

describe('installMockWebSocket()', () => {
  it('makes the global WebSocket the mock, and the function it returns restores the original', async () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
    const restore = installMockWebSocket();
    expect(globalThis.WebSocket).toBe(MockWebSocket);
    const server = new MockServer({ port: 0 });
    server.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo ${data.toString()}`)));
    await expect(greet(server.url)).resolves.toBe('echo hello');
    restore();
    expect(Object.getOwnPropertyDescriptor(globalThis, 'WebSocket')).toEqual(original);
    restore();
    expect(Object.getOwnPropertyDescriptor(globalThis, 'WebSocket')).toEqual(original);
  });

  it('restores a global that was there before, and removes one that was not', () => {
    const original = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
    class Earlier {}
    Object.defineProperty(globalThis, 'WebSocket', { value: Earlier, writable: true, configurable: true });
    const restore = installMockWebSocket();
    expect(globalThis.WebSocket).toBe(MockWebSocket);
    restore();
    expect(globalThis.WebSocket).toBe(Earlier);
    if (original === undefined) delete (globalThis as { WebSocket?: unknown }).WebSocket;
    else Object.defineProperty(globalThis, 'WebSocket', original);
    const again = installMockWebSocket();
    again();
    expect(Object.getOwnPropertyDescriptor(globalThis, 'WebSocket')).toEqual(original);
  });
});
