import { OUR_PACKAGES, type OurPackage } from './our-packages';
import { NO_REDIS_REASON, REDIS_URL_VARIABLE } from './redis-url';

/** The workloads, in the order the tables show them. */
export type Section =
  | 'open-close'
  | 'echo'
  | 'fan-out'
  | 'fan-out-open'
  | 'latency'
  | 'teardown'
  | 'connection-throughput'
  | 'connection-latency'
  | 'registry-cleanup'
  | 'throttle'
  | 'throttle-store'
  | 'throttle-processes'
  | 'jest-environment';

/** Who runs a mock-transport workload. */
export type TransportId =
  'ours' | 'mock-socket' | 'mock-socket:close' | 'jest-websocket-mock' | 'mswjs-interceptors' | 'ws';
export type FloorId = 'floor:emitter' | 'floor:promise';

/** One measured case: one workload, one library, run `warmup + runs` times in one child process. */
export interface CaseSpec {
  readonly id: string;
  readonly section: Section;
  /** The library or variant, e.g. `mock-socket`, `floor:emitter`, `connection`, `raw-ws`. */
  readonly subject: string;
  /** What the table calls it. */
  readonly label: string;
  /** The main count (connections, messages, round trips, instances, operations, test files). */
  readonly size: number;
  /** The second count where a workload has one (broadcasts, stuck instances, tests per file). */
  readonly size2?: number;
  readonly runs: number;
  readonly warmup: number;
  /**
   * How many fresh processes run the case (`warmup + runs` each), taking turns
   * with the other cases of its section that have this too; its figures are the
   * runs of all of them. For figures whose level is set per process (TCP on
   * loopback), so that both sides of a ratio sample the same spread.
   */
  readonly processes?: number;
  /** The child is killed when the whole case takes longer. */
  readonly timeoutMs: number;
  readonly nodeFlags: readonly string[];
  /**
   * Runs without the full garbage collection the child forces before each run
   * (`--no-gc`): a diagnosis of how much of a figure is code V8 optimizes again
   * after that collection; the published figures always force it.
   */
  readonly noGc?: boolean;
  /** Our packages the case needs; missing ones make it "not yet available". */
  readonly needs: readonly OurPackage[];
  /** Why the case cannot run at all (it is shown, never left out). */
  readonly skip?: string;
  /** Anything a reader must know to compare the figure (e.g. fewer round trips). */
  readonly note?: string;
}

export const LABELS: Record<TransportId | FloorId, string> = {
  ours: '@ws-isolation/mock-socket',
  'mock-socket': 'mock-socket 9.3.1',
  'mock-socket:close': 'mock-socket 9.3.1 (close())',
  'jest-websocket-mock': 'jest-websocket-mock 2.5.0',
  'mswjs-interceptors': '@mswjs/interceptors 0.45.12',
  ws: 'ws 8.23.0 (loopback TCP)',
  'floor:emitter': 'floor: EventEmitter emit',
  'floor:promise': 'floor: promise chain',
};

/** The cleanup each library documents for the end of a test: what the teardown workload calls. */
export const CLEANUPS: Partial<Record<TransportId, string>> = {
  ours: 'getRegistry().cleanupAll()',
  'mock-socket': 'server.stop()',
  'mock-socket:close': 'server.close()',
  'jest-websocket-mock': 'WS.clean()',
  'mswjs-interceptors': 'interceptor.dispose()',
  ws: 'wss.close()',
};

const MOCK_TRANSPORTS: readonly TransportId[] = [
  'ours',
  'mock-socket',
  'jest-websocket-mock',
  'mswjs-interceptors',
  'ws',
];
const FLOORS: readonly FloorId[] = ['floor:emitter', 'floor:promise'];

/** mock-socket delays every hop with a 4 ms timer, so its round trips are measured on fewer. */
export const TIMER_HOP_ROUND_TRIPS = 500;

const WS_FD_LIMIT_REASON =
  'not possible here: each loopback connection takes two file descriptors in one process, and the limit is 20,000 (ulimit -n)';
const WS_PORTS_REASON =
  'not possible here: 100,000 connections to one loopback address and port exceed the 28,232 ephemeral ports and the 20,000 file descriptors';

function flagsFor(subject: string): string[] {
  return subject === 'mswjs-interceptors' ? ['--experimental-websocket'] : [];
}

function needsFor(subject: string): OurPackage[] {
  return subject === 'ours' ? [OUR_PACKAGES.mockSocket, OUR_PACKAGES.registry] : [];
}

function mockCase(
  section: Section,
  subject: TransportId | FloorId,
  size: number,
  shape: Partial<Pick<CaseSpec, 'runs' | 'warmup' | 'timeoutMs' | 'skip' | 'note' | 'size2'>> = {},
): CaseSpec {
  return {
    id: `${section}/${size}/${subject}`,
    section,
    subject,
    label: LABELS[subject],
    size,
    runs: 5,
    warmup: 1,
    timeoutMs: 60_000,
    nodeFlags: flagsFor(subject),
    needs: needsFor(subject),
    ...shape,
  };
}

function openCloseCases(): CaseSpec[] {
  const cases: CaseSpec[] = [];
  for (const size of [1_000, 10_000, 100_000]) {
    const big = size === 100_000;
    for (const subject of [...MOCK_TRANSPORTS, ...FLOORS]) {
      const timerBased = subject === 'mock-socket' || subject === 'jest-websocket-mock';
      let skip: string | undefined;
      if (subject === 'ws' && size === 10_000) skip = WS_FD_LIMIT_REASON;
      if (subject === 'ws' && big) skip = WS_PORTS_REASON;
      // Past 1,000, every client costs real time: three runs, no warm-up.
      const heavy = size > 1_000 && !subject.startsWith('floor:');
      cases.push(
        mockCase('open-close', subject, size, {
          runs: heavy || subject === 'ws' ? 3 : 5,
          warmup: heavy ? 0 : 1,
          ...(size === 1_000 ? inProcesses(subject) : {}),
          // mock-socket's close scans every client of the URL, so 100,000 is quadratic: cap it.
          timeoutMs: big && timerBased ? 20_000 : 120_000,
          skip,
        }),
      );
    }
  }
  return cases;
}

/**
 * How many processes run a short in-memory case (open-close of 1,000, fan-out).
 * Its level is set per process: one process's runs settle around 20 ms, the
 * next one's around 50 ms (which code V8 optimizes when, where the collections
 * fall), for every library alike. With one process a side, a ratio between two
 * libraries moved between 0.96x and 1.41x from one full run to the next with
 * nothing changed; with six a side taking turns, both sides sample that spread.
 * Real sockets (`ws`) take seconds a run and are in no target: one process.
 */
function inProcesses(subject: string): Partial<CaseSpec> {
  return subject === 'ws' ? {} : { processes: 6 };
}

/** Real sockets take seconds a run where the mocks take milliseconds: three runs for them. */
function overTcp(subject: string): Partial<CaseSpec> {
  return subject === 'ws' ? { runs: 3 } : {};
}

function latencyCases(): CaseSpec[] {
  return [...MOCK_TRANSPORTS, ...FLOORS].map((subject) => {
    const timerBased = subject === 'mock-socket' || subject === 'jest-websocket-mock';
    return timerBased
      ? mockCase('latency', subject, TIMER_HOP_ROUND_TRIPS, {
          runs: 3,
          warmup: 0,
          note: `${TIMER_HOP_ROUND_TRIPS} round trips instead of 10,000: each one waits for a 4 ms timer, so 10,000 take over 40 s a run`,
        })
      : mockCase('latency', subject, 10_000, overTcp(subject));
  });
}

function teardownCases(): CaseSpec[] {
  const subjects: (TransportId | FloorId)[] = [
    'ours',
    'mock-socket',
    'mock-socket:close',
    'jest-websocket-mock',
    'mswjs-interceptors',
    'ws',
    ...FLOORS,
  ];
  return subjects.map((subject) => mockCase('teardown', subject, 1_000, { runs: 3, warmup: 0 }));
}

function otherCase(section: Section, subject: string, label: string, size: number, shape: Partial<CaseSpec>): CaseSpec {
  return {
    id: `${section}/${size}/${subject}`,
    section,
    subject,
    label,
    size,
    runs: 5,
    warmup: 1,
    timeoutMs: 60_000,
    nodeFlags: [],
    needs: [],
    ...shape,
  };
}

function ourPartsCases(): CaseSpec[] {
  const core = [OUR_PACKAGES.core, OUR_PACKAGES.registry];
  return [
    otherCase('connection-throughput', 'connection', 'Connection (@ws-isolation/core) over ws', 100_000, {
      needs: core,
      runs: 3,
      processes: 4,
    }),
    otherCase('connection-throughput', 'raw-ws', 'raw ws 8.23.0 client', 100_000, { runs: 3, processes: 4 }),
    otherCase('connection-latency', 'connection', 'Connection (@ws-isolation/core) over ws', 10_000, { needs: core }),
    otherCase('connection-latency', 'raw-ws', 'raw ws 8.23.0 client', 10_000, {}),
    otherCase('registry-cleanup', 'well-behaved', 'cleanupAll, every close settles', 10_000, {
      size2: 0,
      runs: 7,
      needs: [OUR_PACKAGES.registry],
    }),
    otherCase('registry-cleanup', 'stuck', 'cleanupAll, 10 never acknowledge (timeoutMs 200)', 1_000, {
      size2: 10,
      warmup: 0,
      needs: [OUR_PACKAGES.registry],
    }),
    otherCase('throttle', 'concurrency', 'createThrottle({ concurrency })', 100_000, {
      needs: [OUR_PACKAGES.throttle],
    }),
    otherCase('throttle', 'concurrency+rate', 'createThrottle({ concurrency, rate })', 100_000, {
      needs: [OUR_PACKAGES.throttle],
    }),
    otherCase('throttle', 'floor:promise', 'floor: one await per operation', 100_000, {}),
    ...throttleStoreCases(),
    otherCase('jest-environment', 'node', 'jest-environment-node 30.5.2', 20, {
      size2: 100,
      runs: 7,
      timeoutMs: 120_000,
    }),
    otherCase('jest-environment', 'ours', '@ws-isolation/jest-environment', 20, {
      size2: 100,
      runs: 7,
      timeoutMs: 120_000,
      needs: [OUR_PACKAGES.jestEnvironment, OUR_PACKAGES.registry],
    }),
    otherCase('jest-environment', 'jsdom', 'jest-environment-jsdom 30.5.2', 20, {
      size2: 100,
      runs: 7,
      timeoutMs: 120_000,
    }),
    otherCase('jest-environment', 'ours-jsdom', '@ws-isolation/jest-environment/jsdom', 20, {
      size2: 100,
      runs: 7,
      timeoutMs: 120_000,
      needs: [OUR_PACKAGES.jestEnvironment, OUR_PACKAGES.registry],
    }),
  ];
}

/** Redis workloads need a server: without one they are shown as skipped, with how to give one. */
function throttleStoreCases(): CaseSpec[] {
  const redis = process.env[REDIS_URL_VARIABLE];
  const skip = redis === undefined || redis === '' ? NO_REDIS_REASON : undefined;
  const needs = [OUR_PACKAGES.throttle];
  return [
    otherCase('throttle-store', 'in-process', 'createThrottle({ concurrency }), state in the process', 2_000, {
      needs,
    }),
    otherCase('throttle-store', 'redis', 'createThrottle({ concurrency, store: createRedisStore({ url }) })', 2_000, {
      needs,
      skip,
    }),
    otherCase('throttle-processes', 'redis', '4 processes, one Redis store, concurrency 8, 4 in flight each', 8_000, {
      needs,
      skip,
      runs: 3,
      size2: 4,
      timeoutMs: 180_000,
    }),
  ];
}

/** The timeout of the stuck-instance cleanup: the total must be about one of these, not ten. */
export const STUCK_TIMEOUT_MS = 200;

/** Every case of a full `pnpm bench`, in order. */
export function fullPlan(): CaseSpec[] {
  return [
    ...openCloseCases(),
    // 100,000 pipelined messages take seconds a run on a slow mock: a longer limit.
    ...[...MOCK_TRANSPORTS, ...FLOORS].map((subject) =>
      mockCase('echo', subject, 100_000, { timeoutMs: 120_000, ...overTcp(subject) }),
    ),
    ...[...MOCK_TRANSPORTS, ...FLOORS].map((subject) =>
      mockCase('fan-out', subject, 100, { size2: 1_000, ...overTcp(subject), ...inProcesses(subject) }),
    ),
    ...MOCK_TRANSPORTS.map((subject) =>
      mockCase('fan-out-open', subject, 100, { size2: 1_000, ...overTcp(subject), ...inProcesses(subject) }),
    ),
    ...latencyCases(),
    ...teardownCases(),
    ...ourPartsCases(),
  ];
}
