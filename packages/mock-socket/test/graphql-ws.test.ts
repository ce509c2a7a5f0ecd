/**
 * A real third-party server on the mock: graphql-ws's `useServer` (it sets
 * `wss.options.handleProtocols` after construction, as on `ws`) serves a
 * subscription to graphql-ws's own client, and to a bare MockWebSocket
 * speaking the protocol by hand.
 */
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { createClient } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import { waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { createWsModule, MockWebSocket, resetMockNetwork } from '../src';
import { whenClosed } from './support/client';

const GREETINGS = ['Hi', 'Bonjour', 'Hola'];

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString, resolve: () => 'world' } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      greetings: {
        type: GraphQLString,
        subscribe: async function* () {
          for (const greeting of GREETINGS) yield { greetings: greeting };
        },
      },
    },
  }),
});

let wss: InstanceType<ReturnType<typeof createWsModule>['WebSocketServer']>;
let stopServing: () => void | Promise<void>;

beforeEach(() => {
  const { WebSocketServer: MockWsServer } = createWsModule();
  wss = new MockWsServer({ port: 0 });
  // keepAlive 0: no ping interval, so nothing outlives the test.
  stopServing = useServer({ schema }, wss as unknown as WebSocketServer, 0).dispose;
});

afterEach(async () => {
  await withTimeout(Promise.resolve(stopServing()), 5000, 'graphql-ws to dispose');
  await resetMockNetwork();
});

describe('graphql-ws useServer on the mock', () => {
  it('serves a subscription to graphql-ws’s own client', async () => {
    const client = createClient({ url: wss.url, webSocketImpl: MockWebSocket, retryAttempts: 0, lazy: true });
    const received: unknown[] = [];
    const done = withTimeout(
      (async () => {
        for await (const result of client.iterate({ query: 'subscription { greetings }' })) received.push(result);
      })(),
      5000,
      'the subscription to complete',
    );
    await done;
    expect(received).toEqual(GREETINGS.map((greeting) => ({ data: { greetings: greeting } })));
    await withTimeout(Promise.resolve(client.dispose()), 5000, 'the client to dispose');
  });

  it('serves a subscription to a MockWebSocket speaking graphql-transport-ws by hand', async () => {
    const socket = new MockWebSocket(wss.url, 'graphql-transport-ws');
    const messages: Array<{ type: string; id?: string; payload?: unknown }> = [];
    socket.addEventListener('message', (event) => messages.push(JSON.parse(String(event.data)) as never));
    await waitForEvent(socket, 'open');
    expect(socket.protocol).toBe('graphql-transport-ws');
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await waitForEvent(socket, 'message', { filter: () => messages.some((m) => m.type === 'connection_ack') });
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { greetings }' } }));
    await waitForEvent(socket, 'message', { filter: () => messages.some((m) => m.type === 'complete') });
    expect(messages).toEqual([
      { type: 'connection_ack' },
      ...GREETINGS.map((greeting) => ({ id: '1', type: 'next', payload: { data: { greetings: greeting } } })),
      { id: '1', type: 'complete' },
    ]);
    const closed = whenClosed(socket);
    socket.close(1000);
    await expect(closed).resolves.toEqual({ code: 1000, reason: '', wasClean: true, errorBefore: false });
  });

  it('refuses a client that offers no graphql-ws subprotocol, as on ws: the connection fails', async () => {
    const socket = new MockWebSocket(wss.url, 'json');
    await expect(whenClosed(socket)).resolves.toEqual({ code: 1006, reason: '', wasClean: false, errorBefore: true });
  });
});
