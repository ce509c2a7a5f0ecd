import fs from 'node:fs';
import path from 'node:path';
import { installPackedProject } from './packed-project';
import { fileResult, leakLocation, runJest, testResult, type JestRun } from '@ws-isolation/test-utils';

// The package as users get it: packed with its registry dependency, installed
// with plain npm (Jest 30 with it) into a project outside the workspace, and
// named in the config by its package name only.
const fixtureDir = path.join(__dirname, 'fixtures', 'packed');
let work: string;
let run: JestRun;

beforeAll(async () => {
  const packed = installPackedProject(
    'packed-consumer',
    [
      [fixtureDir, '.'],
      [path.join(__dirname, 'fixtures', 'isolation', 'thing.js'), 'thing.js'],
    ],
    ['jest@30.5.2'],
  );
  work = packed.work;
  run = await runJest({ jestBin: packed.jestBin, cwd: packed.project, timeoutMs: 60_000 });
}, 300_000);

afterAll(() => {
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

test('the run exits on its own with results', () => {
  expect(run.timedOut).toBe(false);
  expect(run.exitCode).toBe(1); // the leaks fail on purpose
});

test('testEnvironment by package name: the leak fails its test at its line and the next test passes', () => {
  const file = fileResult(run.results, 'leak.test.js');
  const leaked = testResult(file, 'leaks a tracked instance');
  expect(leaked.failureDetails).toEqual([
    expect.objectContaining({ code: 'ERR_WSI_LEAK', label: 'leaked from the tarball install state=OPEN' }),
  ]);
  expect(leaked.failureMessages[0]).toContain(
    leakLocation(path.join(fixtureDir, 'by-name', 'leak.test.js'), 'by-name'),
  );
  expect(testResult(file, 'the next test passes').status).toBe('passed');
});

test('the docblock pragma by package name switches a file to the environment', () => {
  const leaked = testResult(fileResult(run.results, 'pragma.test.js'), 'leaks under the docblock pragma');
  expect(leaked.failureDetails).toEqual([
    expect.objectContaining({ code: 'ERR_WSI_LEAK', label: 'leaked under the pragma state=OPEN' }),
  ]);
  expect(leaked.failureMessages[0]).toContain(
    leakLocation(path.join(fixtureDir, 'pragma', 'pragma.test.js'), 'pragma'),
  );
});
