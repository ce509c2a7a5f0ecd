import { classifyRun } from '../src/classification/classify-run';
import type { CaseOutcome, JestEvent } from '../src/jest/events';
import type { JestProcessResult } from '../src/jest/jest-process';
import type { LogLine } from '../src/jest/log-tail';
import { testKey } from '../src/stages/test-case';
import type { TestCase } from '../src/types';

const FILE = '/project/a.test.js';

function testCase(title: string, file = FILE): TestCase {
  return { file, ancestorTitles: [], title, fullName: title };
}

function outcome(test: TestCase, status: string, failureMessages: string[] = []): CaseOutcome {
  return { ...test, status, durationMs: 5, failureMessages };
}

function run(
  events: JestEvent[],
  options: { killed?: JestProcessResult['killed']; log?: LogLine[]; exitCode?: number | null } = {},
): JestProcessResult {
  return {
    events,
    log: options.log ?? [],
    exitCode: options.exitCode ?? 0,
    signal: null,
    killed: options.killed ?? null,
    resultsAt: undefined,
    openSockets: [],
    startedAt: 0,
    endedAt: 1000,
    pid: 1,
  };
}

const start = (test: TestCase, time: number): JestEvent => ({ type: 'case-start', time, ...test });
const result = (test: TestCase, status: string, time: number, messages: string[] = []): JestEvent => ({
  type: 'case-result',
  time,
  ...outcome(test, status, messages),
});
const fileStart = (time: number, file = FILE): JestEvent => ({ type: 'file-start', time, file });
const fileResult = (cases: CaseOutcome[], time: number, execError: string | null = null, file = FILE): JestEvent => ({
  type: 'file-result',
  time,
  file,
  execError,
  cases,
});
const line = (time: number, text: string): LogLine => ({ time, stream: 'stderr', text });

describe('classifyRun', () => {
  const a = testCase('a');
  const b = testCase('b');

  it('maps Jest statuses from streamed results', () => {
    const events = [
      fileStart(1),
      start(a, 2),
      result(a, 'passed', 3),
      start(b, 4),
      result(b, 'failed', 5, [
        'Error: boom\n    at x (/project/a.test.js:1:1)\n    at y (/x/node_modules/jest-circus/z.js:1:1)',
      ]),
      fileResult([outcome(a, 'passed'), outcome(b, 'failed')], 6),
    ];
    const { results, order } = classifyRun(run(events), [a, b], 'suite');
    expect(results.get(testKey(a))).toEqual({ status: 'pass', durationMs: 5 });
    expect(results.get(testKey(b))).toMatchObject({
      status: 'fail',
      note: 'Error: boom',
      log: ['Error: boom', '    at x (/project/a.test.js:1:1)'],
    });
    expect(order).toEqual([testKey(a), testKey(b)]);
  });

  it('calls a Jest timeout a hang, in the phase Jest names', () => {
    const events = [
      start(a, 1),
      result(a, 'failed', 2, ['thrown: "Exceeded timeout of 5000 ms for a hook.\nAdd a timeout value"']),
    ];
    expect(classifyRun(run(events), [a], 'isolated').results.get(testKey(a))).toMatchObject({
      status: 'hang',
      phase: 'hook',
    });
    const body = [start(a, 1), result(a, 'failed', 2, ['thrown: "Exceeded timeout of 5000 ms for a test.'])];
    expect(classifyRun(run(body), [a], 'isolated').results.get(testKey(a))).toMatchObject({
      status: 'hang',
      phase: 'body',
    });
  });

  it('blames a test that started and never reported, reading the phase from the log lines after its start', () => {
    const events = [fileStart(1), start(a, 10)];
    const plain = classifyRun(
      run(events, { killed: 'idle', log: [line(5, 'afterEach from an earlier test'), line(11, 'still waiting')] }),
      [a, b],
      'suite',
    );
    expect(plain.results.get(testKey(a))).toMatchObject({
      status: 'hang',
      phase: 'body',
      log: ['afterEach from an earlier test', 'still waiting'],
    });
    expect(plain.results.get(testKey(b))).toMatchObject({ status: 'not-run' });
    const hook = classifyRun(run(events, { killed: 'idle', log: [line(12, 'in afterEach: closing')] }), [a], 'suite');
    expect(hook.results.get(testKey(a))).toMatchObject({ status: 'hang', phase: 'hook' });
    const teardown = classifyRun(
      run(events, {
        killed: 'idle',
        log: [line(12, 'DEBUG: a completed'), line(13, 'DEBUG: Forcing cleanup of instance c1 (conn)')],
      }),
      [a],
      'suite',
    );
    expect(teardown.results.get(testKey(a))).toMatchObject({ status: 'hang', phase: 'teardown' });
  });

  it('blames the last reported test of a file that never finished: afterAll is a hook, a cleanup log makes it teardown', () => {
    const events = [fileStart(1), start(a, 2), result(a, 'passed', 3)];
    const hook = classifyRun(run(events, { killed: 'idle' }), [a], 'isolated');
    expect(hook.results.get(testKey(a))).toMatchObject({ status: 'hang', phase: 'hook' });
    const teardown = classifyRun(
      run(events, { killed: 'idle', log: [line(4, 'tearing down the server')] }),
      [a],
      'isolated',
    );
    expect(teardown.results.get(testKey(a))).toMatchObject({ status: 'hang', phase: 'teardown' });
  });

  it('blames the first test of a file that hung before any test started', () => {
    const { results } = classifyRun(run([fileStart(1)], { killed: 'limit' }), [a, b], 'suite');
    expect(results.get(testKey(a))).toMatchObject({ status: 'hang', phase: 'hook' });
    expect(results.get(testKey(b))).toMatchObject({ status: 'not-run' });
  });

  it('calls an isolated test that passed but whose Jest outlived its results a hang after results; in the suite it is an exit hang', () => {
    const events = [
      fileStart(1),
      start(a, 2),
      result(a, 'passed', 3),
      fileResult([outcome(a, 'passed')], 4),
      { type: 'run-complete', time: 5 } as JestEvent,
    ];
    const alone = { ...run(events, { killed: 'after-results' }), resultsAt: 5, endedAt: 1505 };
    expect(classifyRun(alone, [a], 'isolated').results.get(testKey(a))).toMatchObject({
      status: 'hang',
      phase: 'after-results',
      durationMs: 1500,
    });
    const suite = classifyRun(run(events, { killed: 'idle' }), [a], 'suite');
    expect(suite.exitHang).toBe(true);
    expect(suite.results.get(testKey(a))).toMatchObject({ status: 'pass' });
  });

  it('fails every test of a file that could not load', () => {
    const events = [fileStart(1), fileResult([], 2, 'SyntaxError: Unexpected token')];
    const { results } = classifyRun(run(events, { exitCode: 1 }), [a], 'isolated');
    expect(results.get(testKey(a))).toMatchObject({
      status: 'fail',
      note: 'the test file failed: SyntaxError: Unexpected token',
    });
  });

  it('reports a skipped test as skipped, and a test Jest never ran alone as a failure', () => {
    expect(classifyRun(run([fileResult([outcome(a, 'pending')], 1)]), [a], 'isolated').results.get(testKey(a))).toBe(
      'skipped',
    );
    expect(
      classifyRun(run([], { exitCode: 1, log: [line(1, 'Error: bad config')] }), [a], 'isolated').results.get(
        testKey(a),
      ),
    ).toMatchObject({
      status: 'fail',
      log: ['Error: bad config'],
    });
  });
});

describe('classifyRun with a file that fails after its tests passed', () => {
  const a = testCase('a');
  const b = testCase('b');
  const events = (execError: string): JestEvent[] => [
    fileStart(1),
    start(a, 2),
    result(a, 'passed', 3),
    start(b, 4),
    result(b, 'passed', 5),
    fileResult([outcome(a, 'passed'), outcome(b, 'passed')], 6, execError),
  ];

  it('pins an afterAll timeout on the last test of the file as a hook hang', () => {
    const { results } = classifyRun(
      run(events('  ● Test suite failed to run\n\n    thrown: "Exceeded timeout of 500 ms for a hook.\n')),
      [a, b],
      'suite',
    );
    expect(results.get(testKey(a))).toMatchObject({ status: 'pass' });
    expect(results.get(testKey(b))).toMatchObject({ status: 'hang', phase: 'hook' });
  });

  it('pins any other file error on the last test of the file as a failure', () => {
    const { results } = classifyRun(
      run(events('  ● Test suite failed to run\n\n    Error: teardown exploded\n')),
      [a, b],
      'suite',
    );
    expect(results.get(testKey(b))).toMatchObject({
      status: 'fail',
      note: 'passed, then its file failed: Error: teardown exploded',
    });
  });
});
