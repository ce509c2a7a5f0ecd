import { STUCK_TIMEOUT_MS } from './plan';
import { growth } from './report/tables';
import type { CaseResult } from './result';
import { find, metric } from './summary';

type TargetStatus = 'met' | 'missed' | 'not measured';

export interface TargetOutcome {
  readonly id: string;
  /** The bar, as issue 9 states it (latency: as issue 18 raised it). */
  readonly target: string;
  /** The figures it was judged on. */
  readonly measured: string;
  readonly status: TargetStatus;
  /** For a miss: by how much. For "not measured": why. */
  readonly detail: string;
}

const MOCK_COMPETITORS = ['mock-socket', 'jest-websocket-mock', 'mswjs-interceptors'] as const;

const round = (value: number, digits = 2): string => value.toLocaleString('en-US', { maximumFractionDigits: digits });

/** `value` with as many digits as it takes to print on its side of `bar`: a miss never reads as the bar itself. */
function roundApart(value: number, bar: number): string {
  for (let digits = 2; digits <= 6; digits += 1) {
    const text = round(value, digits);
    const shown = Number(text.replaceAll(',', ''));
    if (value < bar ? shown < bar : shown > bar) return text;
  }
  return String(value);
}

function missing(results: readonly CaseResult[], ...keys: [string, string, number?][]): string {
  const reasons = keys
    .map(([section, subject, size]) => find(results, section, subject, size))
    .filter((result): result is CaseResult => result !== undefined && result.status !== 'ok')
    .map((result) =>
      result.status === 'unavailable'
        ? (result.reason ?? 'not yet available')
        : `${result.spec.label}: ${result.reason ?? result.status}`,
    );
  return reasons.length > 0 ? [...new Set(reasons)].join('; ') : 'a figure it needs is missing';
}

/**
 * A ratio met by less than this share of its bar is met narrowly: the same
 * code lands on either side of the bar from one run to the next (the open-close
 * ratio moved between 1.76× and 2.03× in four runs of one day).
 */
const NARROW_MARGIN = 0.1;

/** A "ours at least `factor` times better than `other`" bar. */
function atLeast(
  id: string,
  target: string,
  ours: number | undefined,
  other: number | undefined,
  factor: number,
  noun: string,
  why: () => string,
): TargetOutcome {
  if (ours === undefined || other === undefined)
    return { id, target, measured: '—', status: 'not measured', detail: why() };
  const achieved = ours / other;
  if (achieved >= factor) {
    const over = achieved / factor - 1;
    const detail = over < NARROW_MARGIN ? `above the bar by ${round(over * 100, 1)}% only` : '';
    return { id, target, measured: `${round(achieved)}× (${noun})`, status: 'met', detail };
  }
  const shown = roundApart(achieved, factor);
  return {
    id,
    target,
    measured: `${shown}× (${noun})`,
    status: 'missed',
    detail: `${shown}× where ${round(factor)}× is needed: short by a factor of ${roundApart(factor / achieved, 1)}`,
  };
}

export function evaluateTargets(results: readonly CaseResult[]): TargetOutcome[] {
  const median = (section: string, subject: string, key: string, size?: number): number | undefined =>
    metric(find(results, section, subject, size), key)?.median;
  const outcomes: TargetOutcome[] = [];

  const echoOurs = median('echo', 'ours', 'msgsPerSec');
  const echoBest = MOCK_COMPETITORS.map((subject) => ({
    subject,
    value: median('echo', subject, 'msgsPerSec'),
  })).filter(
    (entry): entry is { subject: (typeof MOCK_COMPETITORS)[number]; value: number } => entry.value !== undefined,
  );
  const fastest = echoBest.sort((a, b) => b.value - a.value)[0];
  outcomes.push(
    atLeast(
      'echo-throughput',
      'mock echo throughput at least 2× the fastest competitor’s',
      echoOurs,
      fastest?.value,
      2,
      `ours ÷ ${fastest?.subject ?? 'fastest competitor'}, median messages/s`,
      () => missing(results, ['echo', 'ours']),
    ),
  );

  const latOurs = median('latency', 'ours', 'medianUs');
  const latMsw = median('latency', 'mswjs-interceptors', 'medianUs');
  outcomes.push(
    atLeast(
      'latency-vs-msw',
      'round-trip latency median at least 2× better than @mswjs/interceptors’',
      latMsw,
      latOurs,
      2,
      'interceptors’ median ÷ ours',
      () => missing(results, ['latency', 'ours'], ['latency', 'mswjs-interceptors']),
    ),
  );
  const latMockSocket = median('latency', 'mock-socket', 'medianUs');
  outcomes.push(
    atLeast(
      'latency-vs-mock-socket',
      'round-trip latency median at least 500× better than mock-socket’s',
      latMockSocket,
      latOurs,
      500,
      'mock-socket’s median ÷ ours',
      () => missing(results, ['latency', 'ours'], ['latency', 'mock-socket']),
    ),
  );

  outcomes.push(
    atLeast(
      'open-close-1k',
      'open-close of 1,000 at least 2× faster than mock-socket',
      median('open-close', 'mock-socket', 'ms', 1_000),
      median('open-close', 'ours', 'ms', 1_000),
      2,
      'mock-socket’s median time ÷ ours',
      () => missing(results, ['open-close', 'ours', 1_000], ['open-close', 'mock-socket', 1_000]),
    ),
  );

  const factor = growth(results, 'ours');
  outcomes.push(
    factor === undefined
      ? {
          id: 'open-close-growth',
          target: '100,000 open-close costs at most 120× what 1,000 costs',
          measured: '—',
          status: 'not measured',
          detail: missing(results, ['open-close', 'ours', 1_000], ['open-close', 'ours', 100_000]),
        }
      : {
          id: 'open-close-growth',
          target: '100,000 open-close costs at most 120× what 1,000 costs',
          measured: `${round(factor, 1)}×`,
          status: factor <= 120 ? 'met' : 'missed',
          detail:
            factor <= 120
              ? ''
              : `${round(factor, 1)}× where at most 120× is allowed: over by ${round(factor - 120, 1)}×`,
        },
  );

  outcomes.push(
    atLeast(
      'fan-out',
      'fan-out at least as fast as mock-socket’s',
      median('fan-out', 'mock-socket', 'ms'),
      median('fan-out', 'ours', 'ms'),
      1,
      'mock-socket’s median time ÷ ours',
      () => missing(results, ['fan-out', 'ours'], ['fan-out', 'mock-socket']),
    ),
  );

  outcomes.push(
    atLeast(
      'connection-throughput',
      '`Connection` over `ws`: at least 90% of raw `ws` throughput',
      median('connection-throughput', 'connection', 'msgsPerSec'),
      median('connection-throughput', 'raw-ws', 'msgsPerSec'),
      0.9,
      'Connection ÷ raw ws, median messages/s',
      () => missing(results, ['connection-throughput', 'connection'], ['connection-throughput', 'raw-ws']),
    ),
  );

  outcomes.push(
    under(
      'cleanup-10k',
      'cleanup of 10,000 well-behaved instances under 100 ms',
      median('registry-cleanup', 'well-behaved', 'ms'),
      100,
      () => missing(results, ['registry-cleanup', 'well-behaved']),
    ),
  );
  outcomes.push(
    under(
      'cleanup-stuck',
      `with 10 stuck ones, under one timeout plus 50 ms (timeout ${STUCK_TIMEOUT_MS} ms, so under ${STUCK_TIMEOUT_MS + 50} ms)`,
      median('registry-cleanup', 'stuck', 'ms'),
      STUCK_TIMEOUT_MS + 50,
      () => missing(results, ['registry-cleanup', 'stuck']),
    ),
  );

  const jestOurs = median('jest-environment', 'ours', 'ms');
  const jestNode = median('jest-environment', 'node', 'ms');
  outcomes.push(
    jestOurs === undefined || jestNode === undefined
      ? {
          id: 'jest-environment',
          target: 'Jest environment wall time within 10% of jest-environment-node',
          measured: '—',
          status: 'not measured',
          detail: missing(results, ['jest-environment', 'ours'], ['jest-environment', 'node']),
        }
      : withinPercent(jestOurs, jestNode),
  );
  return outcomes;
}

function under(
  id: string,
  target: string,
  value: number | undefined,
  limitMs: number,
  why: () => string,
): TargetOutcome {
  if (value === undefined) return { id, target, measured: '—', status: 'not measured', detail: why() };
  const measured = `${round(value, 1)} ms (median)`;
  return value < limitMs
    ? { id, target, measured, status: 'met', detail: '' }
    : { id, target, measured, status: 'missed', detail: `over by ${round(value - limitMs, 1)} ms` };
}

function withinPercent(ours: number, node: number): TargetOutcome {
  const overhead = (ours / node - 1) * 100;
  const shown = Math.round(overhead * 10) / 10 || 0;
  const measured = `${shown > 0 ? '+' : ''}${round(shown, 1)}% (median wall time, ours vs node)`;
  const target = 'Jest environment wall time within 10% of jest-environment-node';
  return overhead <= 10
    ? { id: 'jest-environment', target, measured, status: 'met', detail: '' }
    : {
        id: 'jest-environment',
        target,
        measured,
        status: 'missed',
        detail: `over by ${round(overhead - 10, 1)} percentage points`,
      };
}
