import type { Section } from '../plan';
import { CLEANUPS, LABELS, type TransportId } from '../plan';
import type { CaseResult } from '../result';
import type { Summary } from '../stats';
import { find, metric, statusNote, worst } from '../summary';
import { TEARDOWN_GRACE_MS } from '../workloads/mock-transport';
import { count, mib, ms, ns, rate, ratio, spread, us } from './format';
import { markdownTable } from './markdown-table';

interface Primary {
  readonly key: string;
  readonly title: string;
  readonly unit: (value: number) => string;
  readonly better: 'lower' | 'higher';
}

interface Extra {
  readonly key: string;
  readonly title: string;
  readonly unit: (value: number) => string;
}

/** How many times better `subject` is than `other` on this metric (above 1: better). */
function timesBetter(primary: Primary, subject: Summary, other: Summary): number {
  return primary.better === 'lower' ? other.median / subject.median : subject.median / other.median;
}

function rss(result: CaseResult): string {
  return result.maxRssKb === undefined ? '—' : mib(result.maxRssKb);
}

/**
 * One table: a row per library, the primary figure as median (min – max),
 * extra figures as medians, peak RSS, and how many times better the reference
 * row (ours) is than each row.
 */
function comparison(
  results: readonly CaseResult[],
  reference: string,
  referenceName: string,
  primary: Primary,
  extras: readonly Extra[],
): string {
  const ref = metric(
    results.find((result) => result.spec.subject === reference),
    primary.key,
  );
  const header = [
    'library',
    primary.title,
    ...extras.map((extra) => extra.title),
    'peak RSS',
    `${referenceName} is … better`,
    'runs',
    'note',
  ];
  const rows = results.map((result) => {
    const main = metric(result, primary.key);
    const better =
      result.spec.subject === reference
        ? '(reference)'
        : ref !== undefined && main !== undefined
          ? ratio(timesBetter(primary, ref, main))
          : '—';
    return [
      result.spec.label,
      main === undefined ? '—' : spread(main, primary.unit),
      ...extras.map((extra) => {
        const value = metric(result, extra.key);
        return value === undefined ? '—' : extra.unit(value.median);
      }),
      result.status === 'ok' || result.runs.length > 0 ? rss(result) : '—',
      better,
      String(result.runs.length),
      statusNote(result),
    ];
  });
  return markdownTable(header, rows);
}

function inSection(results: readonly CaseResult[], section: Section, size?: number): CaseResult[] {
  return results.filter(
    (result) => result.spec.section === section && (size === undefined || result.spec.size === size),
  );
}

const TIME: Primary = { key: 'ms', title: 'time, median (min – max)', unit: ms, better: 'lower' };

export function openCloseTables(results: readonly CaseResult[]): string {
  const parts: string[] = [];
  for (const size of [1_000, 10_000, 100_000]) {
    parts.push(
      `#### ${count(size)} clients opened in parallel, then closed\n\n` +
        comparison(inSection(results, 'open-close', size), 'ours', 'ours', TIME, [
          { key: 'openMs', title: 'all open after', unit: ms },
          { key: 'closeMs', title: 'all closed after', unit: ms },
        ]),
    );
  }
  parts.push(
    `#### How the cost grows (median time; 100,000 ÷ 1,000 is 100 when it grows linearly)\n\n${growthTable(results)}`,
  );
  return parts.join('\n\n');
}

/** Median open-close time of 100,000 over that of 1,000, for each library that ran both. */
export function growth(results: readonly CaseResult[], subject: string): number | undefined {
  const small = metric(find(results, 'open-close', subject, 1_000), 'ms');
  const big = metric(find(results, 'open-close', subject, 100_000), 'ms');
  return small !== undefined && big !== undefined ? big.median / small.median : undefined;
}

function growthTable(results: readonly CaseResult[]): string {
  const subjects = [...new Set(inSection(results, 'open-close').map((result) => result.spec.subject))];
  const rows = subjects.map((subject) => {
    const cell = (size: number): string => {
      const result = find(results, 'open-close', subject, size);
      const value = metric(result, 'ms');
      if (value !== undefined) return ms(value.median);
      return result?.status === 'timeout' ? `> ${result.spec.timeoutMs / 1000} s` : '—';
    };
    const factor = growth(results, subject);
    return [
      LABELS[subject as keyof typeof LABELS] ?? subject,
      cell(1_000),
      cell(10_000),
      cell(100_000),
      factor === undefined ? '—' : ratio(factor),
    ];
  });
  return markdownTable(['library', '1,000', '10,000', '100,000', '100,000 ÷ 1,000'], rows);
}

export function echoTable(results: readonly CaseResult[]): string {
  return comparison(
    inSection(results, 'echo'),
    'ours',
    'ours',
    { key: 'msgsPerSec', title: 'echoed messages/s, median (min – max)', unit: rate, better: 'higher' },
    [{ key: 'ms', title: 'time', unit: ms }],
  );
}

export function fanOutTable(results: readonly CaseResult[]): string {
  return comparison(inSection(results, 'fan-out'), 'ours', 'ours', TIME, [
    { key: 'deliveriesPerSec', title: 'deliveries/s', unit: rate },
  ]);
}

export function openFanOutTable(results: readonly CaseResult[]): string {
  return comparison(inSection(results, 'fan-out-open'), 'ours', 'ours', TIME, [
    { key: 'deliveriesPerSec', title: 'deliveries/s', unit: rate },
  ]);
}

export function latencyTable(results: readonly CaseResult[]): string {
  return comparison(
    inSection(results, 'latency'),
    'ours',
    'ours',
    { key: 'medianUs', title: 'round trip, median of run medians (min – max)', unit: us, better: 'lower' },
    [
      { key: 'p99Us', title: 'p99 (median of runs)', unit: us },
      { key: 'ms', title: 'whole run', unit: ms },
    ],
  );
}

export function teardownTable(results: readonly CaseResult[]): string {
  const rows = inSection(results, 'teardown').map((result) => {
    const cleanup = metric(result, 'ms');
    const allClosed = metric(result, 'allClosedMs');
    const leftOpen = worst(result, 'leftOpen');
    const closedAll = result.runs.length > 0 && result.runs.every((run) => run.allClosedMs !== undefined);
    const floor = result.spec.subject.startsWith('floor:');
    return [
      result.spec.label,
      CLEANUPS[result.spec.subject as TransportId] ?? (floor ? `${count(result.spec.size)} deliveries` : '—'),
      cleanup === undefined ? '—' : spread(cleanup, ms),
      floor
        ? '—'
        : closedAll && allClosed !== undefined
          ? ms(allClosed.median)
          : result.runs.length > 0
            ? `not within ${TEARDOWN_GRACE_MS} ms`
            : '—',
      leftOpen === undefined || floor ? '—' : count(leftOpen),
      String(result.runs.length),
      statusNote(result),
    ];
  });
  return markdownTable(
    [
      'library',
      'cleanup',
      'cleanup returned after, median (min – max)',
      'every client closed after',
      `left open ${TEARDOWN_GRACE_MS} ms later (worst run)`,
      'runs',
      'note',
    ],
    rows,
  );
}

export function connectionTables(results: readonly CaseResult[]): string {
  const throughput = comparison(
    inSection(results, 'connection-throughput'),
    'connection',
    'Connection',
    { key: 'msgsPerSec', title: 'echoed messages/s, median (min – max)', unit: rate, better: 'higher' },
    [{ key: 'ms', title: 'time', unit: ms }],
  );
  const latency = comparison(
    inSection(results, 'connection-latency'),
    'connection',
    'Connection',
    { key: 'medianUs', title: 'round trip, median of run medians (min – max)', unit: us, better: 'lower' },
    [{ key: 'p99Us', title: 'p99 (median of runs)', unit: us }],
  );
  return `#### 100,000 pipelined 32-byte messages echoed over loopback\n\n${throughput}\n\n#### 10,000 sequential round trips over loopback\n\n${latency}`;
}

export function registryTable(results: readonly CaseResult[]): string {
  const rows = inSection(results, 'registry-cleanup').map((result) => {
    const time = metric(result, 'ms');
    const track = metric(result, 'trackMs');
    return [
      result.spec.label,
      count(result.spec.size),
      count(result.spec.size2 ?? 0),
      time === undefined ? '—' : spread(time, ms),
      track === undefined ? '—' : ms(track.median),
      String(result.runs.length),
      statusNote(result),
    ];
  });
  return markdownTable(
    [
      'case',
      'instances',
      'never acknowledge',
      'cleanupAll() took, median (min – max)',
      `track() of all (not part of the target)`,
      'runs',
      'note',
    ],
    rows,
  );
}

export function throttleTable(results: readonly CaseResult[]): string {
  return comparison(
    inSection(results, 'throttle'),
    'concurrency',
    'createThrottle({ concurrency })',
    { key: 'opsPerSec', title: 'acquire + release per second, median (min – max)', unit: rate, better: 'higher' },
    [{ key: 'nsPerOp', title: 'per pair', unit: ns }],
  );
}

export function throttleStoreTable(results: readonly CaseResult[]): string {
  return comparison(
    inSection(results, 'throttle-store'),
    'in-process',
    'the in-process store',
    { key: 'opsPerSec', title: 'acquire + release per second, median (min – max)', unit: rate, better: 'higher' },
    [{ key: 'nsPerOp', title: 'per pair', unit: ns }],
  );
}

export function throttleProcessesTable(results: readonly CaseResult[]): string {
  return comparison(
    inSection(results, 'throttle-processes'),
    'redis',
    'Redis',
    { key: 'opsPerSec', title: 'grants per second, all processes, median (min – max)', unit: rate, better: 'higher' },
    [{ key: 'ms', title: 'time for 8,000 grants', unit: ms }],
  );
}

export function jestTable(results: readonly CaseResult[]): string {
  return comparison(
    inSection(results, 'jest-environment'),
    'ours',
    'ours',
    { ...TIME, title: 'wall time of `jest`, median (min – max)' },
    [{ key: 'testMs', title: 'Jest-reported run time', unit: ms }],
  );
}
