import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as source from '../src';
import { whenClosed, whenOpen } from './support/client';

type MockSocketModule = typeof source;

const BUILT = path.join(__dirname, '../dist/index.js');

afterEach(() => source.resetMockNetwork());

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** A full collection, after the current job: a WeakRef read in it keeps its target until the job ends. */
async function collectAfterTurn(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  collect();
}

/** A server that served a client and closed; only a WeakRef to each is returned. */
async function closedServer(lib: MockSocketModule): Promise<{ server: WeakRef<object>; client: WeakRef<object> }> {
  const server = new lib.MockServer({ port: 0 });
  server.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
  const client = new lib.MockWebSocket(server.url);
  await whenOpen(client);
  const closed = whenClosed(client);
  await server.close();
  await closed;
  return { server: new WeakRef(server), client: new WeakRef(client) };
}

// The build too: a bundler may drop a value that is written and never read.
describe.each([
  ['the source', (): Promise<MockSocketModule> => Promise.resolve(source)],
  // A path, not a literal: the type check runs before this package is built.
  ['the build (dist/index.js)', (): Promise<MockSocketModule> => import(BUILT) as Promise<MockSocketModule>],
])('what a closed server leaves in memory, in %s', (_name, load) => {
  it('holds the last closed server until another server closes, then lets it and its connections go', async () => {
    const lib = await load();
    const first = await closedServer(lib);
    await collectAfterTurn();
    expect(first.server.deref()).toBeInstanceOf(lib.MockServer);

    const second = await closedServer(lib);
    await collectAfterTurn();
    expect(first.server.deref()).toBeUndefined();
    expect(first.client.deref()).toBeUndefined();
    expect(second.server.deref()).toBeInstanceOf(lib.MockServer);
  });
});
