import fs from 'node:fs';
import path from 'node:path';
import { installPackedVitestProject } from './packed-project';
import { fileResult as jestFileResult, leakLocation, testResult } from '@ws-isolation/test-utils';
import { runVitest, type VitestRun } from './run-vitest';

// The packages as users get them (packed, installed with npm next to Vitest 4.1.12 and ws), and the
// fixture files run by real Vitest in each of the ways a project can run them.
const fixtureDir = path.join(__dirname, 'fixtures', 'project');
const MODES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['forks', ['--pool=forks']],
  ['threads', ['--pool=threads']],
  // One worker for every file, so the files really share it.
  ['isolate: false', ['--pool=forks', '--no-isolate', '--maxWorkers=1']],
];
const LEAK = /^LeakError \[ERR_WSI_LEAK\]: /;

let work: string | undefined;
const runs = new Map<string, VitestRun>();

beforeAll(async () => {
  const packed = installPackedVitestProject(fixtureDir);
  work = packed.work;
  for (const [mode, args] of MODES) runs.set(mode, await runVitest(packed.vitestBin, packed.project, args, 120_000));
}, 900_000);

afterAll(() => {
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

const fixture = (name: string): string => path.join(fixtureDir, name);
const fileResult = (run: VitestRun, name: string) => jestFileResult(run.results, name);

describe.each(MODES.map(([mode]) => mode))('%s', (mode) => {
  const run = (): VitestRun => runs.get(mode)!;

  test('the run exits by itself with results for every file', () => {
    expect(run().timedOut).toBe(false);
    expect(run().exitCode).toBe(1); // leaks fail on purpose
    expect((run().results?.testResults ?? []).map((file) => path.basename(file.name)).sort()).toEqual([
      'clean.test.js',
      'concurrent.test.js',
      'fake-timers.test.js',
      'file-scope.test.js',
      'issue.test.js',
      'late-work.test.js',
      'matchers.test.js',
    ]);
  });

  test("the issue's file: tests 1 and 3 fail at the lines that leaked, 2 and 4 pass, afterAll does not time out", () => {
    const file = fileResult(run(), 'issue.test.js');
    const first = testResult(file, '1 leaks a ws client');
    expect(first.status).toBe('failed');
    expect(first.failureMessages).toHaveLength(1);
    expect(first.failureMessages[0]).toMatch(LEAK);
    expect(first.failureMessages[0]).toContain(leakLocation(fixture('issue.test.js'), 'ws client'));
    const third = testResult(file, '3 leaks a MockServer and a client');
    expect(third.status).toBe('failed');
    expect(third.failureMessages).toHaveLength(2);
    for (const message of third.failureMessages) expect(message).toMatch(LEAK);
    const lines = ['mock server', 'mock client'].map((marker) => leakLocation(fixture('issue.test.js'), marker));
    for (const line of lines) expect(third.failureMessages.some((message) => message.includes(line))).toBe(true);
    expect(testResult(file, '2 talks to the server and closes').status).toBe('passed');
    expect(testResult(file, '4 uses the same mock URL').status).toBe('passed');
    // No error of the file itself: its afterAll closed the server in time.
    expect(file.message).toBe('');
  });

  test('a file that cleans up after itself reports nothing', () => {
    const file = fileResult(run(), 'clean.test.js');
    expect(file.status).toBe('passed');
    expect(file.message).toBe('');
    expect(file.assertionResults.map((test) => [test.status, test.failureMessages])).toEqual([
      ['passed', []],
      ['passed', []],
    ]);
  });

  test('fake timers left installed do not stop cleanup: the leaks fail their test and the next test has the URL', () => {
    const file = fileResult(run(), 'fake-timers.test.js');
    const leaked = testResult(file, 'leaks under fake timers left installed');
    expect(leaked.failureMessages).toHaveLength(2);
    for (const message of leaked.failureMessages) expect(message).toMatch(LEAK);
    for (const marker of ['ws client under fake timers', 'mock server under fake timers']) {
      const line = leakLocation(fixture('fake-timers.test.js'), marker);
      expect(leaked.failureMessages.some((message) => message.includes(line))).toBe(true);
    }
    expect(testResult(file, 'the next test runs with the URL free').status).toBe('passed');
    expect(file.message).toBe('');
  });

  test("mock-socket's matchers work with Vitest's expect", () => {
    const file = fileResult(run(), 'matchers.test.js');
    expect(file.assertionResults.map((test) => [test.status, test.failureMessages])).toEqual([['passed', []]]);
    expect(file.message).toBe('');
  });

  test('a leak in a group of concurrent tests fails the file, naming the group; the group ends with its scope', () => {
    const file = fileResult(run(), 'concurrent.test.js');
    expect(file.assertionResults.map((test) => [test.title, test.status])).toEqual([
      ['leaks a mock server', 'passed'],
      ['uses a server of its own and closes it', 'passed'],
      ['after the group its leak is closed: the URL is free', 'passed'],
    ]);
    expect(file.status).toBe('failed');
    expect(file.message).toMatch(
      /^one of the concurrent tests "a concurrent group > leaks a mock server", .* leaked mock-server /,
    );
  });

  test('what work left by an ended test opens fails the file, naming that test (Vitest has reported the test)', () => {
    const file = fileResult(run(), 'late-work.test.js');
    expect(file.assertionResults.map((test) => test.status)).toEqual(['passed', 'passed']);
    expect(file.status).toBe('failed');
    expect(file.message).toMatch(
      /^test "leaves work that opens a server after the test" leaked mock-server .*: it was opened after the test ended/,
    );
  });

  test('a client from beforeAll left open fails the file at its end, not the test that used it', () => {
    const file = fileResult(run(), 'file-scope.test.js');
    expect(testResult(file, 'the shared client is open for every test').status).toBe('passed');
    expect(file.status).toBe('failed');
    expect(file.message).toMatch(/^the file \(module scope, beforeAll or afterAll\) leaked socket /);
  });
});
