import { createServer, Socket, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import type { RedisClientLike } from '../../src/redis';
import { SCRIPTS } from '../../src/redis/scripts';

/** A script's raw answer as Redis sends it: status, wakeIn, granted ids. */
type RawReply = [string, number, ...string[]];

/**
 * A client whose answers travel a real loopback TCP connection: each command
 * writes one byte from the far end, and its promise settles when the near end
 * reads that byte, in a microtask right after the read, as ioredis does. So an
 * answer is "in the socket, unread" exactly as Redis's would be.
 */
export interface LoopbackClient extends RedisClientLike {
  /** Runs right after a command's answer was written, before anything reads it (e.g. to block the event loop). */
  afterWrite: (() => void) | undefined;
  /** When false, commands are sent but never answered: a Redis gone silent. */
  answering: boolean;
  close(): Promise<void>;
}

/** An acquire is granted at once; a release or cancel is acknowledged. */
function answerFor(script: string): RawReply {
  return script === SCRIPTS.acquire ? ['granted', -1] : ['released', -1];
}

export async function loopbackClient(): Promise<LoopbackClient> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const near = new Socket();
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  near.connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(near, 'connect');
  const [far] = await accepted;
  const waiting: Array<() => void> = [];
  near.on('data', (chunk: Buffer) => {
    for (let i = 0; i < chunk.length; i++) waiting.shift()?.();
  });
  const client: LoopbackClient = {
    status: 'ready',
    afterWrite: undefined,
    answering: true,
    eval: (script: string) =>
      new Promise<unknown>((resolve) => {
        if (client.answering) {
          waiting.push(() => resolve(answerFor(script)));
          far.write('.');
        }
        const after = client.afterWrite;
        client.afterWrite = undefined;
        after?.();
      }),
    duplicate: () => client,
    subscribe: async () => 1,
    ping: async () => 'PONG',
    on: () => client,
    quit: async () => 'OK',
    disconnect: () => undefined,
    close: async () => {
      near.destroy();
      far.destroy();
      server.close();
      await once(server, 'close');
    },
  };
  return client;
}
