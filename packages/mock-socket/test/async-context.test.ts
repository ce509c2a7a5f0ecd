import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as nodeSetImmediate } from 'node:timers';
import { withTimeout } from '@ws-isolation/test-utils';
import { MockServer, MockWebSocket, resetMockNetwork } from '../src';
import { whenOpen } from './support/client';

afterEach(() => resetMockNetwork());

/**
 * Listeners run in the async context of the socket they are on, as a real
 * socket's I/O callbacks do: a client's in the context that made it, a
 * server connection's in the context that made the server. So what they
 * schedule belongs to whoever owns the socket, not to whoever sent last.
 */
describe('the async context of deliveries', () => {
  const store = new AsyncLocalStorage<string>();

  async function echoServerWithTwoClients(): Promise<{
    server: MockServer;
    a: MockWebSocket;
    b: MockWebSocket;
    onServer: unknown[];
  }> {
    const server = store.run('server', () => new MockServer({ port: 0 }));
    const onServer: unknown[] = [];
    server.on('connection', (socket) =>
      socket.on('message', (data) => {
        onServer.push(store.getStore());
        socket.send(data, { binary: false });
      }),
    );
    const a = store.run('client a', () => new MockWebSocket(server.url));
    const b = store.run('client b', () => new MockWebSocket(server.url));
    await Promise.all([whenOpen(a), whenOpen(b)]);
    return { server, a, b, onServer };
  }

  it('runs client listeners in the context that made the client, server listeners in the server’s', async () => {
    const { a, b, onServer } = await echoServerWithTwoClients();
    const seen: string[] = [];
    const both = new Promise<void>((resolve) => {
      a.onmessage = (event) => void seen.push(`a got ${String(event.data)} in ${store.getStore()}`);
      b.onmessage = (event) => {
        seen.push(`b got ${String(event.data)} in ${store.getStore()}`);
        resolve();
      };
    });
    store.run('sender', () => {
      a.send('1');
      b.send('2');
    });
    await withTimeout(both, 10_000);
    expect(seen).toEqual(['a got 1 in client a', 'b got 2 in client b']);
    expect(onServer).toEqual(['server', 'server']);
  });

  it('keeps each socket’s context when code resumed by a message sends the next one in the same turn', async () => {
    const { a, b } = await echoServerWithTwoClients();
    // Out of any turn, so the conversation below starts one.
    await new Promise((resolve) => nodeSetImmediate(resolve));
    const seen: string[] = [];
    const next = (socket: MockWebSocket, name: string): Promise<void> =>
      new Promise((resolve) =>
        socket.addEventListener(
          'message',
          () => {
            seen.push(`${name} in ${store.getStore()}`);
            resolve();
          },
          { once: true },
        ),
      );
    await store.run('conversation', async () => {
      for (let i = 0; i < 3; i++) {
        const answeredA = next(a, 'a');
        a.send('ping');
        await withTimeout(answeredA, 10_000);
        const answeredB = next(b, 'b');
        b.send('ping');
        await withTimeout(answeredB, 10_000);
        expect(store.getStore()).toBe('conversation');
      }
    });
    expect(seen).toEqual([
      'a in client a',
      'b in client b',
      'a in client a',
      'b in client b',
      'a in client a',
      'b in client b',
    ]);
  });
});
