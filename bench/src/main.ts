/**
 * `pnpm bench`: runs every case, prints the tables, writes
 * bench/results/latest.json and, for a full run, BENCHMARKS.md at the root.
 *
 *   node dist/main.js [--filter TEXT] [--no-write]
 *   node dist/main.js --render   (BENCHMARKS.md again from results/latest.json: same figures, current text)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readArgs, type Flags } from './args';
import { ISOLATION_SECTION, SUITE_SECTION, VITEST_SECTION, withSection } from './own-section';
import { runJestCases } from './jest-environment';
import { describeMachine, loadAverage, type Machine } from './machine';
import { fullPlan, type CaseSpec } from './plan';
import { renderDocument, type Run } from './report/document';
import type { CaseResult } from './result';
import { runInTurns } from './runner';
import { statusNote } from './summary';
import { evaluateTargets } from './targets';

const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT_DIR = path.resolve(PACKAGE_DIR, '..');
const COMMAND = 'pnpm bench';

const FLAGS = {
  filter: { type: 'text', help: 'only the cases whose id contains TEXT (BENCHMARKS.md is left alone)' },
  'no-write': { type: 'switch', help: 'print the tables, write nothing' },
  render: { type: 'switch', help: 'BENCHMARKS.md again from results/latest.json: same figures, current text' },
  'no-gc': {
    type: 'switch',
    help: 'no full garbage collection before each run (a diagnosis: BENCHMARKS.md is left alone)',
  },
} as const satisfies Flags;

function progress(result: CaseResult, index: number, total: number): void {
  const note = statusNote(result);
  process.stderr.write(
    `[${index}/${total}] ${result.spec.id}: ${result.status}, ${result.runs.length} runs, ${(result.wallMs / 1000).toFixed(1)} s${note ? ` (${note})` : ''}\n`,
  );
}

async function runAll(plan: readonly CaseSpec[], machine: Machine): Promise<CaseResult[]> {
  const sample = (): void => {
    machine.loadMax = Math.max(machine.loadMax, loadAverage());
  };
  const results: CaseResult[] = [];
  const jest = plan.filter((spec) => spec.section === 'jest-environment');
  const others = plan.filter((spec) => spec.section !== 'jest-environment');
  const done = new Set<CaseSpec>();
  for (const spec of others) {
    if (done.has(spec)) continue;
    sample();
    const turns =
      (spec.processes ?? 1) > 1
        ? others.filter((other) => other.section === spec.section && (other.processes ?? 1) > 1)
        : [spec];
    for (const result of await runInTurns(turns)) {
      done.add(result.spec);
      results.push(result);
      progress(result, results.length, plan.length);
    }
  }
  if (jest.length > 0) {
    sample();
    for (const result of await runJestCases(jest)) {
      results.push(result);
      progress(result, results.length, plan.length);
    }
  }
  return results;
}

/** The new document with the sections of the current BENCHMARKS.md that other scripts write (isolation runner, suite, Vitest setup) kept. */
function keepOwnSections(document: string): string {
  const file = path.join(ROOT_DIR, 'BENCHMARKS.md');
  if (!existsSync(file)) return document;
  const previous = readFileSync(file, 'utf8');
  return [ISOLATION_SECTION, SUITE_SECTION, VITEST_SECTION].reduce(
    (next, section) => withSection(next, previous, section),
    document,
  );
}

/** Renders the last full run again, so a change to the report's text needs no new run. */
function renderLatest(): void {
  const saved = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'results', 'latest.json'), 'utf8')) as Run;
  if (saved.command !== COMMAND)
    throw new Error(`results/latest.json holds a partial run (${saved.command}); run ${COMMAND} first`);
  const run: Run = { ...saved, targets: evaluateTargets(saved.results) };
  const document = renderDocument(run);
  process.stdout.write(`${document}\n`);
  writeFileSync(path.join(ROOT_DIR, 'BENCHMARKS.md'), keepOwnSections(document));
}

async function main(): Promise<void> {
  const { filter, 'no-write': noWrite, render, 'no-gc': noGc } = readArgs('node dist/main.js', FLAGS);
  if (render) return renderLatest();
  const plan = fullPlan()
    .filter((spec) => filter === undefined || spec.id.includes(filter))
    .map((spec) => (noGc ? { ...spec, noGc } : spec));
  const machine = describeMachine();
  const start = performance.now();
  const results = await runAll(plan, machine);
  machine.loadEnd = loadAverage();
  machine.loadMax = Math.max(machine.loadMax, machine.loadEnd);
  const run: Run = {
    date: new Date().toISOString(),
    command: `${COMMAND}${filter === undefined ? '' : ` -- --filter ${filter}`}${noGc ? `${filter === undefined ? ' --' : ''} --no-gc` : ''}`,
    machine,
    durationMs: performance.now() - start,
    results,
    targets: evaluateTargets(results),
  };
  const document = renderDocument(run);
  process.stdout.write(`${document}\n`);
  if (noWrite) return;
  mkdirSync(path.join(PACKAGE_DIR, 'results'), { recursive: true });
  writeFileSync(path.join(PACKAGE_DIR, 'results', 'latest.json'), `${JSON.stringify(run, null, 2)}\n`);
  // A partial run, or one without the forced collections, must not replace the published figures.
  if (filter === undefined && !noGc) writeFileSync(path.join(ROOT_DIR, 'BENCHMARKS.md'), keepOwnSections(document));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
