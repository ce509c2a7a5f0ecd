/* eslint-disable @typescript-eslint/no-require-imports -- a fresh copy of the subpath is loaded to see what importing it does */
import { MockServer, MockSocketErrorCode, MockWebSocket, resetMockNetwork } from '../src';
import { mockSocketMatchers, registerMatchers } from '../src/jest';
import { whenOpen } from './support/client';

afterEach(() => resetMockNetwork());

describe('the jest subpath', () => {
  // The file's expect is shared with the `matchers` tests, whose beforeAll registers the matchers, and Jest may run
  // those first (--randomize): so what an import does is seen on a fresh copy of the module, through expect.extend.
  it('does nothing on import: the matchers exist only after registerMatchers()', () => {
    const extend = jest.spyOn(expect, 'extend');
    try {
      jest.isolateModules(() => {
        require('../src/jest');
      });
      expect(extend).not.toHaveBeenCalled();
      registerMatchers();
      expect(extend).toHaveBeenCalledTimes(1);
      expect(extend).toHaveBeenCalledWith(mockSocketMatchers);
    } finally {
      extend.mockRestore();
    }
    expect(Object.keys(mockSocketMatchers).sort()).toEqual(['toHaveReceivedMessages', 'toReceiveMessage']);
    expect((expect as unknown as Record<string, unknown>).toReceiveMessage).toEqual(expect.any(Function));
  });

  it('refuses a target without extend() with ERR_WSI_INVALID_OPTION', () => {
    expect(() => registerMatchers({} as never)).toThrow(
      expect.objectContaining({ code: MockSocketErrorCode.INVALID_OPTION }),
    );
  });
});

describe('matchers', () => {
  beforeAll(() => registerMatchers(expect));

  async function connected(): Promise<{ server: MockServer; client: MockWebSocket }> {
    const server = new MockServer({ port: 0 });
    const client = new MockWebSocket(server.url);
    await whenOpen(client);
    return { server, client };
  }

  it('toReceiveMessage waits for the next message and matches text exactly and objects partially', async () => {
    const { server, client } = await connected();
    client.send('plain');
    client.send(JSON.stringify({ type: 'hello', user: { id: 7, name: 'ann' }, at: 123 }));
    client.send('');
    await expect(server).toReceiveMessage('plain');
    await expect(server).toReceiveMessage({ type: 'hello', user: { id: 7 }, at: expect.any(Number) });
    await expect(server).toReceiveMessage('');
    // Each connection has its own cursor, independent of the server's.
    await expect(server.connections[0]).toReceiveMessage('plain');
  });

  it('toReceiveMessage fails on a mismatch and when nothing arrives in time; .not passes then', async () => {
    const { server, client } = await connected();
    client.send(JSON.stringify({ type: 'bye' }));
    await expect(expect(server).toReceiveMessage({ type: 'hello' })).rejects.toThrow(/to match/);
    await expect(expect(server).toReceiveMessage('x', { timeoutMs: 10 })).rejects.toThrow(
      /no message arrived within 10 ms/,
    );
    await expect(server).not.toReceiveMessage('x', { timeoutMs: 10 });
    await expect(expect({}).toReceiveMessage('x')).rejects.toThrow(/expected a MockServer/);
  });

  it('toHaveReceivedMessages checks what arrived so far, in order, partially', async () => {
    const { server, client } = await connected();
    client.send(JSON.stringify({ type: 'a', n: 1 }));
    client.send('between');
    client.send(JSON.stringify({ type: 'b' }));
    await expect(server).toReceiveMessage(expect.anything());
    await expect(server).toReceiveMessage('between');
    await expect(server).toReceiveMessage(expect.anything());
    expect(server).toHaveReceivedMessages([{ type: 'a' }, { type: 'b' }]);
    expect(server.connections[0]).toHaveReceivedMessages(['between']);
    expect(server).not.toHaveReceivedMessages([{ type: 'b' }, { type: 'a' }]);
    expect(() => expect(server).toHaveReceivedMessages(['missing'])).toThrow(/"missing"/);
  });
});
