/**
 * The server half of the conformance test: the same server code, written for
 * `ws`, runs on a real `ws` 8 WebSocketServer (clients: undici 7 over
 * 127.0.0.1) and on `createWsModule()`'s server (clients: MockWebSocket), and
 * both runs must record the same trace.
 */
import { withTimeout } from '@ws-isolation/test-utils';
import { resetMockNetwork } from '../src';
import { mockServerSide, referenceServerSide, type ServerSide } from './support/server-sides';

afterAll(() => resetMockNetwork());

interface ServerScenario {
  name: string;
  expected: unknown[];
  run(side: ServerSide): Promise<unknown[]>;
}

const scenarios: ServerScenario[] = [
  {
    name: 'close() on a server that is already closed emits close again, and its callback gets an error',
    expected: ['closed', 'close event again', 'callback: Error'],
    async run(side) {
      const wss = new side.WebSocketServer({ host: '127.0.0.1', port: 0 });
      await side.listening(wss);
      const trace: unknown[] = [];
      await withTimeout(new Promise<void>((resolve) => wss.close(() => resolve())), 5000, 'the first close');
      trace.push('closed');
      // The common teardown: it must not wait forever on a server closed earlier.
      const again = withTimeout(new Promise<void>((resolve) => wss.once('close', resolve)), 5000, 'close again');
      const callback = withTimeout(
        new Promise<unknown>((resolve) => wss.close(resolve)),
        5000,
        'the callback of the second close',
      );
      await again;
      trace.push('close event again');
      const error = await callback;
      trace.push(`callback: ${error instanceof Error ? 'Error' : String(error)}`);
      return trace;
    },
  },
];

const traces = new Map<string, Map<string, unknown[]>>();

describe.each([referenceServerSide, mockServerSide])('$name', (side: ServerSide) => {
  const seen = new Map<string, unknown[]>();
  traces.set(side.name, seen);

  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const trace = await scenario.run(side);
    seen.set(scenario.name, trace);
    expect(trace).toEqual(scenario.expected);
  });
});

describe('ws and createWsModule()', () => {
  it('produced identical server traces for every scenario', () => {
    const reference = traces.get(referenceServerSide.name)!;
    const mock = traces.get(mockServerSide.name)!;
    for (const scenario of scenarios)
      expect({ scenario: scenario.name, trace: mock.get(scenario.name) }).toEqual({
        scenario: scenario.name,
        trace: reference.get(scenario.name),
      });
  });
});
