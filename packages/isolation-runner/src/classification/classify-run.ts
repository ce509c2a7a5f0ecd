import type { CaseOutcome } from '../jest/events';
import type { JestProcessResult } from '../jest/jest-process';
import type { LogLine } from '../jest/log-tail';
import { isNotRunStatus, readRun, type CaseTrace, type RunReading } from './run-reading';
import { testKey } from '../stages/test-case';
import type { HangPhase, TestCase, TestRunResult } from '../types';

/** A test's result in one run, or `skipped` when Jest skipped it (`test.skip`, `todo`). */
export type Classified = TestRunResult | 'skipped';

export interface RunClassification {
  results: Map<string, Classified>;
  /** Keys of the expected tests in the order they ran. */
  order: string[];
  /** Every test finished but the process had to be killed: open handles. */
  exitHang: boolean;
}

/** How many log lines a non-pass result keeps. */
const LOG_LINES = 20;

/**
 * Turns one Jest run into a result per expected test. `mode` decides what a
 * test that never ran becomes: in an isolated run it is the run's own test,
 * so it failed (or hung before starting); in the suite it is `not-run`.
 */
export function classifyRun(
  run: JestProcessResult,
  expected: readonly TestCase[],
  mode: 'isolated' | 'suite',
): RunClassification {
  const reading = readRun(run.events);
  const results = new Map<string, Classified>();
  for (const test of expected) {
    const found = fromOutcome(reading.cases.get(testKey(test)), reading, run);
    if (found !== undefined) results.set(testKey(test), found);
  }
  blameFileErrors(run, reading, expected, results);
  let exitHang = false;
  if (run.killed !== null) exitHang = blameHang(run, reading, expected, results, mode);
  for (const test of expected) {
    if (!results.has(testKey(test))) results.set(testKey(test), missing(test, run, reading, mode));
  }
  const expectedKeys = new Set(expected.map(testKey));
  return { results, order: reading.order.filter((key) => expectedKeys.has(key)), exitHang };
}

function fromOutcome(
  trace: CaseTrace | undefined,
  reading: RunReading,
  run: JestProcessResult,
): Classified | undefined {
  const outcome = trace?.outcome;
  if (outcome === undefined) return undefined;
  if (isNotRunStatus(outcome.status)) {
    // Filtered out by the name pattern while its file failed to load: it did not skip, it never ran.
    return reading.fileErrors.has(outcome.file) ? fileError(outcome.file, reading, run) : 'skipped';
  }
  const durationMs =
    outcome.durationMs ?? Math.max(0, (trace?.outcomeTime ?? run.endedAt) - (trace?.startTime ?? run.startedAt));
  if (outcome.status === 'passed') return { status: 'pass', durationMs };
  const timeoutPhase = phaseFromJestTimeout(outcome.failureMessages);
  const log = messageLines(outcome);
  if (timeoutPhase !== undefined)
    return { status: 'hang', phase: timeoutPhase, durationMs, log, note: 'Jest timed it out' };
  return { status: 'fail', durationMs, log, note: firstLine(outcome.failureMessages) };
}

/**
 * A file can fail after its tests passed (an afterAll that throws or times
 * out, a failing environment teardown). Jest reports that only on the file;
 * it is pinned on the file's last test that ran, so it is never lost.
 */
function blameFileErrors(
  run: JestProcessResult,
  reading: RunReading,
  expected: readonly TestCase[],
  results: Map<string, Classified>,
): void {
  for (const [file, message] of reading.fileErrors) {
    const ran = reading.order.filter((key) => expected.some((test) => test.file === file && testKey(test) === key));
    const last = ran.at(-1);
    const previous = last === undefined ? undefined : results.get(last);
    if (last === undefined || previous === undefined || previous === 'skipped' || previous.status !== 'pass') continue;
    const phase = phaseFromJestTimeout([message]);
    const log = [
      ...message
        .split('\n')
        .filter((line) => line.trim() !== '' && !RUNNER_FRAME.test(line))
        .slice(0, LOG_LINES),
      ...tailText(run.log),
    ];
    // As measured: from the test's result to the file's, which is how long the afterAll or teardown took.
    const since = reading.cases.get(last)?.outcomeTime;
    const fileEnd = reading.fileResultTimes.get(file);
    const after = since !== undefined && fileEnd !== undefined ? Math.max(0, fileEnd - since) : previous.durationMs;
    results.set(
      last,
      phase === undefined
        ? {
            status: 'fail',
            durationMs: previous.durationMs,
            log,
            note: `passed, then its file failed: ${firstLine([message.replace(/●\s*Test suite failed to run/, '')])}`,
          }
        : {
            status: 'hang',
            phase,
            durationMs: after,
            log,
            note: `passed, then Jest timed out a ${phase === 'hook' ? 'hook (afterAll)' : 'test'} of its file after ${Math.round(after)} ms`,
          },
    );
  }
}

/** Marks the test the run hung in; returns true when the hang was after every file finished. */
function blameHang(
  run: JestProcessResult,
  reading: RunReading,
  expected: readonly TestCase[],
  results: Map<string, Classified>,
  mode: 'isolated' | 'suite',
): boolean {
  const byKey = new Map(expected.map((test) => [testKey(test), test]));
  const inside = reading.unfinished.find((key) => byKey.has(key));
  if (inside !== undefined) {
    const startTime = reading.cases.get(inside)?.startTime ?? run.startedAt;
    results.set(inside, hang(phaseInsideTest(run.log, startTime), run, startTime, 'it never finished'));
    return false;
  }
  const openFile = [...reading.filesStarted.keys()].find((file) => !reading.filesDone.has(file));
  if (openFile !== undefined) {
    const ofFile = expected.filter((test) => test.file === openFile);
    const reported = [...reading.order]
      .reverse()
      .find((key) => ofFile.some((test) => testKey(test) === key) && reading.cases.get(key)?.outcome !== undefined);
    if (reported !== undefined) {
      const since = reading.cases.get(reported)?.outcomeTime ?? run.startedAt;
      const previous = results.get(reported);
      const passed = previous !== undefined && previous !== 'skipped' && previous.status === 'pass';
      results.set(
        reported,
        hang(
          phaseAfterTests(run.log, since),
          run,
          since,
          `${passed ? 'passed, then' : 'after it'} its file never finished (afterAll or teardown)`,
        ),
      );
      return false;
    }
    const first = ofFile.find((test) => !results.has(testKey(test)));
    if (first !== undefined)
      results.set(
        testKey(first),
        hang(
          'hook',
          run,
          reading.filesStarted.get(openFile) ?? run.startedAt,
          'its file hung before the test started (module code or beforeAll)',
        ),
      );
    return false;
  }
  if (mode === 'isolated' && reading.filesDone.size > 0) {
    const since = run.resultsAt ?? run.startedAt;
    for (const test of expected) {
      const known = results.get(testKey(test));
      if (known !== undefined && known !== 'skipped' && known.status === 'pass') {
        results.set(testKey(test), {
          status: 'hang',
          phase: 'after-results',
          durationMs: Math.max(0, run.endedAt - since),
          log: tailText(run.log),
          ...(run.openSockets.length > 0 ? { openSockets: run.openSockets } : {}),
          note:
            `hang after results: passed, then its file kept Jest alive (a timer, socket or server left ` +
            `open, in module scope or a test); killed after ${Math.round(run.endedAt - since)} ms`,
        });
      }
    }
  }
  return reading.filesDone.size > 0;
}

function hang(
  phase: NonNullable<TestRunResult['phase']>,
  run: JestProcessResult,
  since: number,
  why: string,
): TestRunResult {
  const killedFor = run.killed === 'limit' ? 'the time limit' : `no progress for ${Math.round(run.endedAt - since)} ms`;
  return {
    status: 'hang',
    phase,
    durationMs: Math.max(0, run.endedAt - since),
    log: tailText(run.log),
    note: `hang in ${phase}: ${why}; killed for ${killedFor}${socketsNote(run)}`,
    ...(run.openSockets.length > 0 ? { openSockets: run.openSockets } : {}),
  };
}

/** `; 2 TCP sockets open: connection 127.0.0.1:41234 → 127.0.0.1:38111, …` */
function socketsNote(run: JestProcessResult): string {
  const count = run.openSockets.length;
  if (count === 0) return '';
  const shown = run.openSockets.slice(0, 3).join(', ');
  return `; ${count} TCP socket${count === 1 ? '' : 's'} open: ${shown}${count > 3 ? ', …' : ''}`;
}

function missing(
  test: TestCase,
  run: JestProcessResult,
  reading: RunReading,
  mode: 'isolated' | 'suite',
): TestRunResult {
  if (reading.fileErrors.has(test.file)) return fileError(test.file, reading, run);
  if (mode === 'suite')
    return {
      status: 'not-run',
      durationMs: 0,
      note: run.killed !== null ? 'the suite was killed before it ran' : 'Jest did not run it',
    };
  const why =
    run.events.length === 0
      ? `Jest failed to start (exit code ${String(run.exitCode)})`
      : 'Jest did not run it (name not matched)';
  return { status: 'fail', durationMs: Math.max(0, run.endedAt - run.startedAt), log: tailText(run.log), note: why };
}

function fileError(file: string, reading: RunReading, run: JestProcessResult): TestRunResult {
  const message = reading.fileErrors.get(file) ?? '';
  return {
    status: 'fail',
    durationMs: 0,
    log: [...message.split('\n').slice(0, LOG_LINES), ...tailText(run.log)].slice(0, LOG_LINES * 2),
    note: `the test file failed: ${firstLine([message])}`,
  };
}

// Frames inside Jest or Node say nothing about the test and crowd out the ones that do.
const RUNNER_FRAME = /^\s*at .*(?:[\\/]node_modules[\\/]|\(node:|\(<anonymous>\)|^\s*at new Promise)/;

function messageLines(outcome: CaseOutcome): string[] {
  return outcome.failureMessages
    .flatMap((message) => message.split('\n'))
    .filter((line) => line.trim() !== '' && !RUNNER_FRAME.test(line))
    .slice(0, LOG_LINES);
}

function tailText(log: readonly LogLine[]): string[] {
  return log.slice(-LOG_LINES).map((line) => line.text);
}

function firstLine(messages: readonly string[]): string {
  for (const message of messages) {
    const line = message.split('\n').find((text) => text.trim() !== '');
    if (line !== undefined) return line.trim().slice(0, 200);
  }
  return 'failed';
}

// Heuristics on what Jest and the test printed after the last event. The
// ws-isolation environment's debug log says "Forcing cleanup of instance …"
// when a teardown does not settle; Jest says "did not exit" for open handles.
const TEARDOWN_WORDS = /tear(?:ing)? ?down|forcing cleanup|cleanup|did not exit|open handle/i;
const HOOK_WORDS = /\b(?:before|after)(?:Each|All)\b/i;

/** Lines written at or after `since`. */
function linesSince(log: readonly LogLine[], since: number): LogLine[] {
  return log.filter((line) => line.time >= since);
}

/** The phase of a test that started and never reported a result. */
function phaseInsideTest(log: readonly LogLine[], since: number): HangPhase {
  const recent = linesSince(log, since).map((line) => line.text);
  if (recent.some((text) => TEARDOWN_WORDS.test(text))) return 'teardown';
  if (recent.some((text) => HOOK_WORDS.test(text))) return 'hook';
  return 'body';
}

/** The phase of a file whose tests all reported but which never finished (afterAll or environment teardown). */
function phaseAfterTests(log: readonly LogLine[], since: number): HangPhase {
  const recent = linesSince(log, since).map((line) => line.text);
  return recent.some((text) => TEARDOWN_WORDS.test(text)) ? 'teardown' : 'hook';
}

/** The phase Jest names in its own timeout message, if it timed the test out. */
function phaseFromJestTimeout(failureMessages: readonly string[]): HangPhase | undefined {
  for (const message of failureMessages) {
    const match = /Exceeded timeout of .*? for a (hook|test)/.exec(message);
    if (match) return match[1] === 'hook' ? 'hook' : 'body';
  }
  return undefined;
}
