import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MockServer, MockWebSocket, resetMockNetwork } from '../src';
import { whenClosed, whenOpen } from './support/client';

afterEach(() => resetMockNetwork());

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** A full collection, after the current job: a WeakRef read in it keeps its target until the job ends. */
async function collectAfterTurn(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  collect();
}

/** A server that served a client and closed; only a WeakRef to each is returned. */
async function closedServer(): Promise<{ server: WeakRef<MockServer>; client: WeakRef<MockWebSocket> }> {
  const server = new MockServer({ port: 0 });
  server.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
  const client = new MockWebSocket(server.url);
  await whenOpen(client);
  const closed = whenClosed(client);
  await server.close();
  await closed;
  return { server: new WeakRef(server), client: new WeakRef(client) };
}

describe('what a closed server leaves in memory', () => {
  it('holds the last closed server until another server closes, then lets it and its connections go', async () => {
    const first = await closedServer();
    await collectAfterTurn();
    expect(first.server.deref()).toBeInstanceOf(MockServer);

    const second = await closedServer();
    await collectAfterTurn();
    expect(first.server.deref()).toBeUndefined();
    expect(first.client.deref()).toBeUndefined();
    expect(second.server.deref()).toBeInstanceOf(MockServer);
  });
});
