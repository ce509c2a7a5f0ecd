import { join, relative } from 'node:path';
import { IsolationError, IsolationErrorCode } from '../errors';
import { isNotRunStatus } from '../classification/run-reading';
import { invokeJest, type JestContext } from '../jest/jest-invoker';
import { runJestProcess } from '../jest/jest-process';
import { MATCH_NOTHING } from './test-case';
import type { TestCase } from '../types';

/** A file Jest could not collect tests from. */
export interface LoadError {
  file: string;
  message: string;
}

export interface TestListing {
  /** In path order, and in definition order inside each file. */
  tests: TestCase[];
  loadErrors: LoadError[];
  /** The test environments the files ran in, as the project's config names them. */
  environments: string[];
}

/**
 * Lists the project's tests without running them: `jest --listTests` for the
 * files, then one Jest run whose name pattern matches nothing, so every test
 * is collected and reported as skipped with its full name, and no hook runs.
 */
export async function listTests(context: JestContext, files: readonly string[]): Promise<TestListing> {
  context.options.onProgress?.({ type: 'stage', stage: 'list', files: files.length });
  const run = await invokeJest(context, {
    stage: 'list',
    files: [...files],
    names: { pattern: MATCH_NOTHING },
    inBand: false,
    idleMs: context.options.suiteTimeoutMs,
    limitMs: context.options.suiteTimeoutMs,
  });
  const byFile = new Map<string, TestCase[]>();
  const loadErrors: LoadError[] = [];
  const environments = new Set<string>();
  for (const event of run.events) {
    if (event.type === 'file-start' && event.environment !== undefined) environments.add(event.environment);
    if (event.type !== 'file-result') continue;
    if (event.execError !== null) loadErrors.push({ file: event.file, message: event.execError });
    const collected = event.cases.filter((outcome) => outcome.status !== 'todo' && isNotRunStatus(outcome.status));
    byFile.set(
      event.file,
      collected.map(({ file, ancestorTitles, title, fullName }) => ({ file, ancestorTitles, title, fullName })),
    );
  }
  for (const file of files) {
    if (!byFile.has(file) && !loadErrors.some((error) => error.file === file)) {
      loadErrors.push({ file, message: run.killed ? 'listing its tests timed out' : 'Jest reported no result for it' });
    }
  }
  const pattern = context.options.filterPattern;
  const tests = files
    .flatMap((file) => byFile.get(file) ?? [])
    .filter(
      (test) =>
        pattern === undefined || pattern.test(test.fullName) || pattern.test(relative(context.options.cwd, test.file)),
    );
  return { tests, loadErrors, environments: [...environments] };
}

/** The project's test files, as `jest --listTests` finds them, in path order. */
export async function listFiles(context: JestContext): Promise<string[]> {
  const { options } = context;
  const args = ['--listTests', '--json', '--watchman=false'];
  if (options.config !== undefined) args.push(`--config=${options.config}`);
  const run = await runJestProcess({
    bin: context.jest.bin,
    cwd: options.cwd,
    args,
    eventsFile: join(context.workDir, 'list-files.jsonl'),
    env: options.env,
    idleMs: options.suiteTimeoutMs,
    limitMs: options.suiteTimeoutMs,
    tailLines: 100_000,
    clock: options.clock,
    onSpawn: (pid) => options.onProgress?.({ type: 'spawn', pid, stage: 'list' }),
  });
  const json = run.log.find((line) => line.stream === 'stdout' && line.text.trimStart().startsWith('['));
  let files: unknown;
  try {
    files = json === undefined ? undefined : JSON.parse(json.text);
  } catch {
    files = undefined;
  }
  if (!Array.isArray(files)) {
    const output = run.log
      .slice(-20)
      .map((line) => line.text)
      .join('\n');
    throw new IsolationError(
      IsolationErrorCode.LIST_FAILED,
      `jest --listTests failed in ${JSON.stringify(options.cwd)} (exit code ${String(run.exitCode)}${run.killed ? ', timed out' : ''}):\n${output}`,
    );
  }
  return (files as string[]).slice().sort();
}
