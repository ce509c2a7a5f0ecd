import type { Machine } from '../machine';
import { CLEANUPS, STUCK_TIMEOUT_MS, TIMER_HOP_ROUND_TRIPS } from '../plan';
import type { CaseResult } from '../result';
import type { TargetOutcome } from '../targets';
import { TEARDOWN_GRACE_MS } from '../workloads/mock-transport';
import { explainMiss } from './misses';
import { markdownTable } from './markdown-table';
import { ratiosTable } from './ratios';
import {
  connectionTables,
  echoTable,
  fanOutTable,
  openFanOutTable,
  jestTable,
  latencyTable,
  openCloseTables,
  registryTable,
  teardownTable,
  throttleTable,
  throttleStoreTable,
  throttleProcessesTable,
} from './tables';

export interface Run {
  readonly date: string;
  readonly command: string;
  readonly machine: Machine;
  readonly durationMs: number;
  readonly results: readonly CaseResult[];
  readonly targets: readonly TargetOutcome[];
}

const STATUS: Record<TargetOutcome['status'], string> = {
  met: 'met',
  missed: '**missed**',
  'not measured': 'not measured',
};

function targetsTable(targets: readonly TargetOutcome[]): string {
  return markdownTable(
    ['target (issues 9 and 18)', 'measured', 'status', 'detail'],
    targets.map((target) => [target.target, target.measured, STATUS[target.status], target.detail]),
  );
}

/** Busier than the bench alone: something else was competing for the cores. */
function busy(machine: Machine): boolean {
  return machine.loadMax > machine.cores * 0.75;
}

function machineSection(run: Run): string {
  const { machine } = run;
  const load = `${machine.loadStart.toFixed(2)} at the start, ${machine.loadEnd?.toFixed(2) ?? '?'} at the end, ${machine.loadMax.toFixed(2)} at most`;
  return [
    markdownTable(
      ['CPU', 'cores', 'memory', 'Node', 'OS', 'load average (1 min)'],
      [[machine.cpu, String(machine.cores), `${machine.memoryGiB} GiB`, machine.node, machine.os, load]],
    ),
    '',
    `Date: ${run.date}. The whole run took ${(run.durationMs / 60_000).toFixed(1)} minutes.`,
    ...(busy(machine)
      ? [
          '',
          `**The machine was not quiet during this run**: the load average (which counts the bench itself, about 1) ` +
            `went above ${(machine.cores * 0.75).toFixed(1)} on ${machine.cores} cores, so other processes competed for the CPU. ` +
            'Absolute figures are lower and noisier than on a quiet machine.',
        ]
      : []),
  ].join('\n');
}

const METHOD = `- Every case (one workload on one library) runs in a fresh Node process (\`--expose-gc\`),
  one case after another, never two at once; the process runs a warm-up run where the table
  says so, then the measured runs, with a full GC before each. That GC also drops the code V8
  optimized for objects that are all gone by then, so each run pays for optimizing its path
  again: a long path pays more (\`--no-gc\` measures without it, for diagnosis only). Figures
  are the median of the runs, with the fastest and slowest in brackets; "runs" is how many were
  measured.
- Peak RSS is the process's \`maxRSS\` over all of its runs (the Jest rows: the Jest process).
- A case that runs past its time limit is killed and reported as timed out with the runs it
  finished; a case that cannot run says why. Nothing is left out and nothing is filled in.
- The ratio column is how many times better ours is than that row on the main figure
  (above 1: ours is better).
- Messages are 32 bytes of text. Servers echo or broadcast with each library's own server API.
- Floors: the same number of deliveries with no socket at all: one synchronous
  \`EventEmitter\` emit each, or one \`await\` each in a chain.
- mock-socket and jest-websocket-mock (which is built on it) deliver every client-to-server
  message through a 4 ms \`setTimeout\`, so their latency is measured on ${TIMER_HOP_ROUND_TRIPS} round trips instead
  of 10,000.
- jest-websocket-mock registers Jest matchers on the global \`expect\` as it loads; outside Jest
  the bench provides that global from Jest's own \`expect\` package.
- @mswjs/interceptors 0.45.12 declares Node 22. On Node 20 its WebSocket interceptor needs a
  global \`WebSocket\` to wrap (its cases run with \`--experimental-websocket\`) and
  \`Promise.withResolvers\`, which the bench adds before loading it.
- Real \`ws\` runs over TCP on 127.0.0.1, port 0, server and clients in one process.
- Teardown: 1,000 open connections, then the cleanup each library documents
  (${Object.values(CLEANUPS)
    .map((name) => `\`${name}\``)
    .join(', ')}); then up to ${TEARDOWN_GRACE_MS} ms for the
  clients' close events, and a count of clients whose \`readyState\` is still not CLOSED.
- \`Connection\` throughput: TCP on loopback settles at a level per process (two levels far
  apart are common), so each side runs in 4 fresh processes, the two sides taking turns, 3 runs
  each, and its figure is the median of all 12.
- Each case process forces a full collection (\`gc()\`) before every run; in the fan-out case the
  clients are opened after it, in the one kept open before it.
- Open-close of 1,000 and fan-out: an in-memory run also settles at a level per process (when V8
  optimizes which code, where the collections fall), for every library alike, so each library but
  \`ws\` runs in 6 fresh processes, taking turns, 1 warm-up and 5 runs each, and its figure is the
  median of all 30.
- \`Connection\`: \`reconnect: false\`, otherwise the defaults (session handshake, heartbeat);
  connecting and the handshake are not timed. Its server runs \`acceptSession\` and then
  echoes; the raw \`ws\` client's server only echoes. Both servers are \`ws\` on loopback.
- Registry: a private registry (\`createRegistry()\`) with synthetic instances whose
  \`close()\` settles at once, or never; the stuck case uses
  \`cleanupAll({ timeoutMs: ${STUCK_TIMEOUT_MS} })\`.
- Jest: real \`jest\` on a generated project of 20 files × 100 trivial tests in a temp dir,
  \`--runInBand\` (what Jest picks itself with one worker on 2 cores), no transform,
  the two environments run alternately.`;

export function renderDocument(run: Run): string {
  const { results } = run;
  const missed = run.targets.filter((target) => target.status === 'missed');
  // A narrowly met target gets its analysis too: the next run may miss it.
  const narrow = run.targets.filter((target) => target.status === 'met' && target.detail !== '');
  const unmeasured = run.targets.filter((target) => target.status === 'not measured').length;
  const notMeasured = unmeasured > 0 ? ` (${unmeasured} not measured: see the table)` : '';
  const missesText = [
    ...(missed.length === 0 ? [`No measured target is missed${notMeasured}.`] : []),
    ...[...missed, ...narrow].map((target) => explainMiss(target)),
  ].join('\n\n');
  return `# Benchmarks

Generated by \`${run.command}\` (bench/src/main.ts): every figure below comes from that run.
Speed is measured here, beside the libraries users would pick instead, never asserted in tests.

## Machine

${machineSection(run)}

## Targets

${targetsTable(run.targets)}

${missesText}

## Mock transport

How many times better @ws-isolation/mock-socket is than each alternative (medians; above 1:
ours is better; "> N×" where the alternative did not finish one run within its time limit):

${ratiosTable(results)}

### Open-close

${openCloseTables(results)}

### Echo: one client, 100,000 pipelined messages

${echoTable(results)}

### Fan-out: 100 clients, 1,000 broadcasts

${fanOutTable(results)}

#### The same, on clients kept open across runs

The clients are opened once per process and stay open, so they are alive when the full
collection before each run happens; each run is the 1,000 broadcasts.

${openFanOutTable(results)}

### Latency: sequential round trips

${latencyTable(results)}

### Teardown: 1,000 open connections and the library's cleanup

${teardownTable(results)}

## Our other parts

### \`Connection\` over real \`ws\` vs raw \`ws\`

${connectionTables(results)}

### Registry \`cleanupAll\`

${registryTable(results)}

### Throttle: acquire/release, uncontended (100,000 pairs)

${throttleTable(results)}

### Throttle: the Redis store against the in-process store (2,000 sequential pairs)

${throttleStoreTable(results)}

### Throttle: grants per second across 4 processes sharing one Redis store

${throttleProcessesTable(results)}

### Jest environment: 20 files × 100 trivial tests

${jestTable(results)}

## How it was measured

${METHOD}

The raw figures of every run are in \`bench/results/latest.json\` after a run.
`;
}
