/**
 * One list of scenarios, each run twice in its test: against the reference
 * (undici 7's WHATWG WebSocket and a real `ws` server on loopback) and against
 * the mock, with the server code written once (support/scenario-server.ts).
 * Each scenario states the trace the WHATWG standard specifies; both runs must
 * produce it, and the mock's trace must be the reference's.
 */
import {
  referenceEnvironment,
  mockEnvironment,
  SCENARIO_MAX_PAYLOAD,
  type Environment,
  type RunningEnvironment,
} from './support/environments';
import { CloseEvent as UndiciCloseEvent, WebSocket as UndiciWebSocket } from 'undici';
import { WebSocket as WsWebSocket } from 'ws';
import { MockCloseEvent, MockServerSocket, MockWebSocket } from '../src';
import { Trace, type TraceEntry, type WebSocketClass } from './support/trace';

interface Context {
  env: RunningEnvironment;
  WebSocket: WebSocketClass;
}

interface Scenario {
  name: string;
  /** What the standard specifies. */
  expected: TraceEntry[] | ((ctx: Context) => TraceEntry[]);
  /** Where the reference departs from the standard: what it does instead, and why that is wrong. */
  referenceDeparts?: { trace: TraceEntry[]; because: string };
  run(ctx: Context): Promise<TraceEntry[]>;
}

const open = (protocol = ''): TraceEntry => ({ type: 'open', readyState: 1, protocol, extensions: '' });
const closed = (code: number, reason: string, wasClean: boolean): TraceEntry => ({
  type: 'close',
  readyState: 3,
  code,
  reason,
  wasClean,
});
const error: TraceEntry = { type: 'error', readyState: 3 };

function connect(ctx: Context, path = '/echo', protocols?: string[]): Trace {
  return new Trace(new ctx.WebSocket(`${ctx.env.url}${path}`, protocols));
}

/**
 * How the server's end closed. A reason is shown only as present or not: its
 * words are the client's choice (undici's and the mock's differ), its
 * presence and the code are the protocol.
 */
async function serverClose(ctx: Context, path: string): Promise<TraceEntry> {
  const seen = await ctx.env.log.closeOf(path);
  return { type: 'server close', code: seen.code, reason: seen.reason === '' ? '' : '(a reason)', errors: seen.errors };
}

/**
 * A server at `path` sends what a client must refuse (`what`): the client
 * fires error, then close 1006, and no message. With `serverSees`, the
 * connection had opened and the server's end closes with that code; without
 * it, the handshake failed and the server's end is not traced (undici leaves
 * its TCP connection open after failing it).
 */
function clientFails(what: string, path: string, protocols: string[], serverSees?: number): Scenario {
  const failed = [error, closed(1006, '', false)];
  if (serverSees === undefined) {
    return {
      name: `${what}: error, then close 1006, and no message`,
      expected: failed,
      run: (ctx) => connect(ctx, path, protocols).done(),
    };
  }
  return {
    name: `${what}: error, then close 1006; the server sees ${serverSees}`,
    expected: [open(), ...failed, { type: 'server close', code: serverSees, reason: '(a reason)', errors: [] }],
    async run(ctx) {
      const entries = await connect(ctx, path, protocols).done();
      return [...entries, await serverClose(ctx, path)];
    },
  };
}

const scenarios: Scenario[] = [
  {
    name: 'open, then a close without code',
    expected: [open(), { type: 'state', after: 'close()', readyState: 2 }, closed(1005, '', true)],
    async run(ctx) {
      const trace = connect(ctx);
      trace.socket.onopen = () => {
        trace.socket.close();
        trace.state('close()');
      };
      return trace.done();
    },
  },
  {
    name: 'open with subprotocols: the server picks the first',
    expected: [open('chat'), closed(1000, '', true)],
    async run(ctx) {
      const trace = connect(ctx, '/echo', ['chat', 'superchat']);
      trace.socket.onopen = () => trace.socket.close(1000);
      return trace.done();
    },
  },
  {
    name: 'echo text (empty included) and binary',
    expected: [
      open(),
      { type: 'message', readyState: 1, data: 'text:hello' },
      { type: 'message', readyState: 1, data: 'text:' },
      { type: 'message', readyState: 1, data: 'binary:010203' },
      { type: 'message', readyState: 1, data: 'text:héllo ✓' },
      closed(1000, '', true),
    ],
    async run(ctx) {
      const trace = connect(ctx);
      trace.socket.onopen = () => {
        trace.socket.send('hello');
        trace.socket.send('');
        trace.socket.send(new Uint8Array([1, 2, 3]));
        trace.socket.send('héllo ✓');
      };
      let received = 0;
      trace.socket.addEventListener('message', () => {
        received += 1;
        if (received === 4) trace.socket.close(1000);
      });
      return trace.done();
    },
  },
  {
    name: 'client close with code and reason',
    expected: [open(), { type: 'state', after: 'close(4000)', readyState: 2 }, closed(4000, 'done here', true)],
    async run(ctx) {
      const trace = connect(ctx);
      trace.socket.onopen = () => {
        trace.socket.close(4000, 'done here');
        trace.state('close(4000)');
      };
      return trace.done();
    },
  },
  {
    name: 'server close with code and reason',
    expected: [open(), closed(4001, 'server bye', true)],
    async run(ctx) {
      return connect(ctx, '/server-close').done();
    },
  },
  {
    name: 'invalid close codes and reasons throw, and leave the socket open',
    expected: [
      open(),
      { type: 'throws', call: 'close(999)', name: 'InvalidAccessError' },
      { type: 'throws', call: 'close(1001)', name: 'InvalidAccessError' },
      { type: 'throws', call: 'close(2999)', name: 'InvalidAccessError' },
      { type: 'throws', call: 'close(5000)', name: 'InvalidAccessError' },
      { type: 'throws', call: 'close(1000, 124 bytes)', name: 'SyntaxError' },
      { type: 'throws', call: 'close(1000, 62 two-byte chars)', name: 'SyntaxError' },
      { type: 'state', after: 'invalid closes', readyState: 1 },
      closed(3000, 'x'.repeat(123), true),
    ],
    async run(ctx) {
      const trace = connect(ctx);
      trace.socket.onopen = () => {
        for (const code of [999, 1001, 2999, 5000]) trace.attempt(`close(${code})`, () => trace.socket.close(code));
        trace.attempt('close(1000, 124 bytes)', () => trace.socket.close(1000, 'x'.repeat(124)));
        trace.attempt('close(1000, 62 two-byte chars)', () => trace.socket.close(1000, 'é'.repeat(62)));
        trace.state('invalid closes');
        trace.socket.close(3000, 'x'.repeat(123));
      };
      return trace.done();
    },
  },
  {
    name: 'send while CONNECTING throws InvalidStateError',
    expected: [
      { type: 'throws', call: 'send()', name: 'InvalidStateError' },
      { type: 'state', after: 'send()', readyState: 0 },
      open(),
      closed(1000, '', true),
    ],
    async run(ctx) {
      const trace = connect(ctx);
      trace.attempt('send()', () => trace.socket.send('too early'));
      trace.state('send()');
      trace.socket.onopen = () => trace.socket.close(1000);
      return trace.done();
    },
  },
  {
    name: 'close while CONNECTING: CLOSING at once, then error and close 1006',
    expected: [{ type: 'state', after: 'close()', readyState: 2 }, error, closed(1006, '', false)],
    referenceDeparts: {
      trace: [error, closed(1006, '', false), { type: 'state', after: 'close()', readyState: 2 }],
      because:
        'undici 7 fires error and close synchronously inside close(), then sets readyState to CLOSING after them; ' +
        'the standard fails the connection, returns at CLOSING, and fires error and close later in a queued task',
    },
    async run(ctx) {
      const trace = connect(ctx);
      trace.socket.close();
      trace.state('close()');
      return trace.done();
    },
  },
  {
    name: 'connect to a dead URL: error, then close 1006',
    expected: [error, closed(1006, '', false)],
    async run(ctx) {
      return new Trace(new ctx.WebSocket(`${ctx.env.deadUrl}/echo`)).done();
    },
  },
  {
    name: 'abrupt server drop: error, then close 1006',
    expected: [open(), error, closed(1006, '', false)],
    async run(ctx) {
      const trace = connect(ctx);
      trace.socket.onopen = () => trace.socket.send('drop');
      return trace.done();
    },
  },
  {
    name: 'maxPayload: a message of exactly the limit is delivered; one byte more closes with 1009',
    expected: [
      open(),
      { type: 'message', readyState: 1, data: `text:${'x'.repeat(SCENARIO_MAX_PAYLOAD)}` },
      { type: 'state', after: 'send(limit + 1)', readyState: 1 },
      // The server does not wait for the client's Close: the client still closes cleanly with 1009.
      closed(1009, '', true),
      // ws emits a RangeError while CLOSING, then close 1006 (it never reads the client's Close).
      {
        type: 'server close',
        code: 1006,
        reason: '',
        errors: [{ name: 'RangeError', code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', readyState: 2 }],
      },
    ],
    async run(ctx) {
      const trace = connect(ctx, '/max-payload');
      trace.socket.onopen = () => trace.socket.send('x'.repeat(SCENARIO_MAX_PAYLOAD));
      let echoes = 0;
      trace.socket.onmessage = () => {
        echoes += 1;
        if (echoes > 1) {
          // Only a server that ignored the limit echoes again: end the scenario so the trace shows it.
          trace.socket.close(1000);
          return;
        }
        trace.socket.send('y'.repeat(SCENARIO_MAX_PAYLOAD + 1));
        // Never reaches the server: it stops reading at the message over the limit.
        trace.socket.send('after the limit');
        trace.state('send(limit + 1)');
      };
      const entries = await trace.done();
      const server = await ctx.env.log.closeOf('/max-payload');
      return [...entries, { type: 'server close', code: server.code, reason: server.reason, errors: server.errors }];
    },
  },
  {
    name: 'a server that awaits before attaching its message listener still gets the first message (a task per frame)',
    expected: [open(), { type: 'message', readyState: 1, data: 'text:first' }, closed(1000, '', true)],
    async run(ctx) {
      const trace = connect(ctx, '/late-listener');
      trace.socket.onopen = () => trace.socket.send('first');
      trace.socket.onmessage = () => trace.socket.close(1000);
      return trace.done();
    },
  },
  clientFails('a subprotocol the server does not confirm (none)', '/protocol-false', ['json']),
  clientFails('a subprotocol the client never offered', '/protocol-xml', ['json']),
  clientFails('a text frame that is not UTF-8', '/bad-utf8-text', [], 1007),
  clientFails('a close reason that is not UTF-8', '/bad-utf8-reason', [], 1007),
  {
    name: '100 parallel connections to one URL each echo and close cleanly',
    expected: () => [open(), { type: 'message', readyState: 1, data: 'text:ping' }, closed(1000, '', true)],
    async run(ctx) {
      const traces = Array.from({ length: 100 }, () => connect(ctx));
      for (const trace of traces) {
        trace.socket.onopen = () => trace.socket.send('ping');
        trace.socket.onmessage = () => trace.socket.close(1000);
      }
      // A hang guard: 100 real TCP handshakes and closes take seconds on a busy machine.
      const all = await Promise.all(traces.map((trace) => trace.done(60_000)));
      // Every connection saw the same trace; return one, after checking they agree.
      for (const entries of all) expect(entries).toEqual(all[0]);
      return all[0]!;
    },
  },
];

// Each scenario runs on the reference and on the mock in one test, and the two traces are compared
// there: no test depends on what an earlier one recorded, so any one of them can run alone.
describe('conformance: the reference and the mock, scenario by scenario', () => {
  const environments = [referenceEnvironment, mockEnvironment];
  const running = new Map<Environment, RunningEnvironment>();

  beforeAll(async () => {
    for (const environment of environments) running.set(environment, await environment.start());
  });

  afterAll(async () => {
    for (const env of running.values()) await env.stop();
  });

  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
    '%s',
    async (_name, scenario) => {
      const traces: TraceEntry[][] = [];
      for (const environment of environments) {
        const ctx = { env: running.get(environment)!, WebSocket: environment.WebSocket };
        const trace = await scenario.run(ctx);
        traces.push(trace);
        const expected =
          environment === referenceEnvironment && scenario.referenceDeparts !== undefined
            ? scenario.referenceDeparts.trace
            : typeof scenario.expected === 'function'
              ? scenario.expected(ctx)
              : scenario.expected;
        expect({ environment: environment.name, trace }).toEqual({ environment: environment.name, trace: expected });
      }
      // Where the reference follows the standard, the mock's trace is the reference's.
      if (scenario.referenceDeparts === undefined) expect(traces[1]).toEqual(traces[0]);
      // Scenarios carry their own hang guards; the reference runs over real TCP.
    },
    90_000,
  );
});

describe('CloseEvent: MockCloseEvent and undici 7’s CloseEvent convert their arguments as WebIDL says', () => {
  type Outcome = { code: number; reason: string; wasClean: boolean } | { throws: string };
  const make = (CloseEventClass: new (...args: never[]) => CloseEvent, args: unknown[]): Outcome => {
    try {
      const event = new CloseEventClass(...(args as never[]));
      return { code: event.code, reason: event.reason, wasClean: event.wasClean };
    } catch (error) {
      return { throws: (error as Error).name };
    }
  };
  const cases: Array<{ args: unknown[]; expected: Outcome; referenceDeparts?: Outcome }> = [
    { args: [], expected: { throws: 'TypeError' } },
    { args: ['close'], expected: { code: 0, reason: '', wasClean: false } },
    { args: ['close', null], expected: { code: 0, reason: '', wasClean: false } },
    { args: ['close', 5], expected: { throws: 'TypeError' } },
    {
      args: ['close', { code: 70000, reason: 12, wasClean: 'x' }],
      expected: { code: 4464, reason: '12', wasClean: true },
    },
    { args: ['close', { code: 65537.9 }], expected: { code: 1, reason: '', wasClean: false } },
    {
      args: ['close', { code: Number.NaN, reason: '\uD800' }],
      expected: { code: 0, reason: '\uFFFD', wasClean: false },
    },
    { args: ['close', { code: '12', wasClean: 0 }], expected: { code: 12, reason: '', wasClean: false } },
    { args: ['close', { reason: Symbol('r') }], expected: { throws: 'TypeError' } },
    {
      args: ['close', { code: -1 }],
      expected: { code: 65535, reason: '', wasClean: false },
      // undici keeps the sign; WebIDL's ToUint16 takes the value modulo 2^16.
      referenceDeparts: { code: -1, reason: '', wasClean: false },
    },
    {
      args: ['close', { code: 2n }],
      expected: { throws: 'TypeError' },
      // undici converts a BigInt; WebIDL's ToNumber throws a TypeError for one.
      referenceDeparts: { code: 2, reason: '', wasClean: false },
    },
  ];

  it.each(cases.map((c) => [String(c.args.length === 0 ? '()' : JSON.stringify(c.args, bigints)), c] as const))(
    'new CloseEvent%s',
    (_name, { args, expected, referenceDeparts }) => {
      expect(make(MockCloseEvent, args)).toEqual(expected);
      expect(make(UndiciCloseEvent as never, args)).toEqual(referenceDeparts ?? expected);
    },
  );
});

describe('the readyState constants sit on the prototype as the reference has them', () => {
  const NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
  const descriptors = (prototype: object): unknown[] =>
    NAMES.map((name) => Object.getOwnPropertyDescriptor(prototype, name));

  it("the client's are undici 7's WebSocket's: read-only, enumerable data properties", () => {
    expect(descriptors(MockWebSocket.prototype)).toEqual(descriptors(UndiciWebSocket.prototype));
    expect(NAMES.map((name) => MockWebSocket[name as 'OPEN'])).toEqual([0, 1, 2, 3]);
  });

  it("the server socket's are ws's WebSocket's: on the prototype, not fields of each connection", () => {
    expect(descriptors(MockServerSocket.prototype)).toEqual(descriptors(WsWebSocket.prototype));
  });
});

function bigints(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  return value;
}
