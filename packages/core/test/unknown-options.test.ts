import { EventEmitter } from 'node:events';
import { createRegistry } from '@ws-isolation/registry';
import { thrownBy } from '@ws-isolation/test-utils';
import { acceptSession, Connection, createSessionStore } from '../src';

// Every public function or constructor of core that takes an options object refuses a key it does not know,
// the same way: ERR_WSI_INVALID_OPTION, before anything starts.
const registry = createRegistry();
const url = 'ws://127.0.0.1:1/';
const socket = (): EventEmitter & { send(): void; close(): void } =>
  Object.assign(new EventEmitter(), { send: () => undefined, close: () => undefined });
const unknownKeys: [string, object][] = [
  ['a misspelling', { timeoutMS: 5 }],
  ['an own __proto__ from JSON', JSON.parse('{"__proto__": {"x": 1}}') as object],
  ['an own toString', { toString: () => 'x' }],
];

afterAll(() => expect(registry.size).toBe(0));

describe.each(unknownKeys)('an options object with %s is refused', (_what, extra) => {
  it('by new Connection()', () => {
    expect(thrownBy(() => new Connection({ url, registry, ...extra }))).toMatchObject({
      code: 'ERR_WSI_INVALID_OPTION',
    });
    expect(registry.size).toBe(0);
  });

  it('by connect() and close(), and the connection stays usable', async () => {
    const connection = new Connection({ url, registry, reconnect: false });
    await expect(connection.connect(extra)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(connection.state).toBe('DISCONNECTED');
    await expect(connection.close(extra)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    await expect(connection.close()).resolves.toMatchObject({ forced: false });
    expect(registry.size).toBe(0);
  });

  it('by acceptSession(), which does not touch the socket', async () => {
    const server = socket();
    await expect(acceptSession(server, extra)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(server.listenerCount('message')).toBe(0);
  });

  it('by createSessionStore()', () => {
    expect(thrownBy(() => createSessionStore(extra))).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
  });
});

it('a nested options object names its owner', () => {
  expect(thrownBy(() => new Connection({ url, registry, reconnect: { maxAttempt: 1 } as never }))).toMatchObject({
    code: 'ERR_WSI_INVALID_OPTION',
    message: 'Connection option reconnect has no option "maxAttempt"; did you mean "maxAttempts"?',
  });
});
