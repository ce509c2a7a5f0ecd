import { isDeepStrictEqual } from 'node:util';
import { mockEnvironment, referenceEnvironment, type Environment, type RunningEnvironment } from './environments';
import type { WebSocketClass } from './trace';

/** What one scenario needs of an environment. */
export interface EventContext {
  env: RunningEnvironment;
  WebSocket: WebSocketClass;
  /** The class the client's message events are instances of (undici 7's own for the reference). */
  MessageEvent: typeof MessageEvent;
}

/** Where an implementation departs from the DOM or HTML standard: what it shows instead, and why that is wrong. */
interface Departure {
  trace: unknown[];
  because: string;
}

/**
 * A run of a WebSocket client whose trace (what its listeners saw and did)
 * is stated as the DOM and HTML standards specify it. Both the reference and
 * the mock run it; without departures both must produce `expected`.
 */
export interface EventScenario {
  name: string;
  expected: unknown[] | ((ctx: EventContext) => unknown[]);
  /** undici departs: the reference must show this trace, the mock the standard's. */
  referenceDeparts?: Departure;
  /**
   * Node's own EventTarget departs: the reference shows this trace, and so
   * does the mock while it inherits Node's EventTarget; a mock that follows
   * the standard instead passes too. Any other trace fails.
   */
  platformDeparts?: Departure;
  /** A known bug of the mock: it shows this trace today. Fixing the bug fails the test until the entry goes. */
  mockDeparts?: Departure;
  run(ctx: EventContext): Promise<unknown[]>;
}

/**
 * Starts the reference and the mock once for the file (its own
 * `beforeAll`/`afterAll`) and returns the context of each, readable once started.
 */
export function useEnvironments(): () => Map<Environment, EventContext> {
  const contexts = new Map<Environment, EventContext>();
  beforeAll(async () => {
    for (const environment of [referenceEnvironment, mockEnvironment]) {
      const env = await environment.start();
      contexts.set(environment, { env, WebSocket: environment.WebSocket, MessageEvent: environment.MessageEvent });
    }
  });
  afterAll(async () => {
    for (const { env } of contexts.values()) await env.stop();
  });
  return () => contexts;
}

/**
 * One test per scenario: it runs on the reference, then on the mock, and
 * compares each trace with what that implementation must show. No test
 * depends on another, so any one of them can run alone.
 */
export function checkScenarios(contexts: () => Map<Environment, EventContext>, scenarios: EventScenario[]): void {
  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const reference = contexts().get(referenceEnvironment)!;
    const mock = contexts().get(mockEnvironment)!;
    const referenceTrace = await scenario.run(reference);
    expect({ environment: referenceEnvironment.name, trace: referenceTrace }).toEqual({
      environment: referenceEnvironment.name,
      trace: referenceExpects(scenario, reference),
    });
    const mockTrace = await scenario.run(mock);
    expect({ environment: mockEnvironment.name, trace: mockTrace }).toEqual({
      environment: mockEnvironment.name,
      trace: mockExpects(scenario, mock, mockTrace),
    });
  });
}

function standard(scenario: EventScenario, ctx: EventContext): unknown[] {
  return typeof scenario.expected === 'function' ? scenario.expected(ctx) : scenario.expected;
}

function referenceExpects(scenario: EventScenario, ctx: EventContext): unknown[] {
  return scenario.referenceDeparts?.trace ?? scenario.platformDeparts?.trace ?? standard(scenario, ctx);
}

function mockExpects(scenario: EventScenario, ctx: EventContext, seen: unknown[]): unknown[] {
  if (scenario.mockDeparts !== undefined) return scenario.mockDeparts.trace;
  const platform = scenario.platformDeparts?.trace;
  // Either of the two is right; a failure shows the difference from the standard's.
  if (platform !== undefined && sameData(seen, platform)) return platform;
  return standard(scenario, ctx);
}

/** Deep equality of traces as data: arrays made in Node's own realm (outside Jest's) compare equal to the test's. */
function sameData(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}
