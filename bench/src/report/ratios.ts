import { LABELS, type TransportId } from '../plan';
import type { CaseResult } from '../result';
import { find, metric } from '../summary';
import { ratio } from './format';
import { markdownTable } from './markdown-table';

const COMPETITORS: readonly TransportId[] = ['mock-socket', 'jest-websocket-mock', 'mswjs-interceptors', 'ws'];

interface Row {
  readonly title: string;
  readonly section: string;
  readonly size?: number;
  readonly key: string;
  readonly better: 'lower' | 'higher';
}

const ROWS: readonly Row[] = [
  { title: 'open-close 1,000 (time)', section: 'open-close', size: 1_000, key: 'ms', better: 'lower' },
  { title: 'open-close 10,000 (time)', section: 'open-close', size: 10_000, key: 'ms', better: 'lower' },
  { title: 'open-close 100,000 (time)', section: 'open-close', size: 100_000, key: 'ms', better: 'lower' },
  { title: 'echo (messages/s)', section: 'echo', key: 'msgsPerSec', better: 'higher' },
  { title: 'fan-out (time)', section: 'fan-out', key: 'ms', better: 'lower' },
  { title: 'fan-out, clients kept open (time)', section: 'fan-out-open', key: 'ms', better: 'lower' },
  { title: 'latency (median round trip)', section: 'latency', key: 'medianUs', better: 'lower' },
];

function cell(results: readonly CaseResult[], row: Row, competitor: TransportId): string {
  const ours = metric(find(results, row.section, 'ours', row.size), row.key);
  const other = find(results, row.section, competitor, row.size);
  const theirs = metric(other, row.key);
  if (ours === undefined) return '—';
  if (theirs === undefined) {
    // A competitor that timed out without one run took longer than the limit, less a second
    // for its process to start: a lower bound.
    if (other?.status === 'timeout' && other.runs.length === 0 && row.key === 'ms') {
      return `> ${ratio((other.spec.timeoutMs - 1000) / ours.median)}`;
    }
    return '—';
  }
  return ratio(row.better === 'lower' ? theirs.median / ours.median : ours.median / theirs.median);
}

/** How many times better @ws-isolation/mock-socket is than each competitor, workload by workload (medians). */
export function ratiosTable(results: readonly CaseResult[]): string {
  return markdownTable(
    ['workload', ...COMPETITORS.map((competitor) => LABELS[competitor])],
    ROWS.map((row) => [row.title, ...COMPETITORS.map((competitor) => cell(results, row, competitor))]),
  );
}
