import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileResult, leakLocation, runJest, testResult, type JestRun } from './run-jest';

// The package as users get it: packed with its registry dependency, installed
// with plain npm (Jest 30 with it) into a project outside the workspace, and
// named in the config by its package name only.
const packageDir = path.resolve(__dirname, '..');
const registryDir = path.resolve(packageDir, '..', 'registry');
const fixtureDir = path.join(__dirname, 'fixtures', 'packed');
const JEST_VERSION = '30.5.2';
let work: string;
let run: JestRun;

function exec(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
}

function pack(dir: string, destination: string): string {
  const printed = exec('pnpm', ['pack', '--pack-destination', destination], dir).trim().split('\n').pop()!.trim();
  return path.isAbsolute(printed) ? printed : path.join(destination, path.basename(printed));
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'wsi-packed-'));
  const tarballs = path.join(work, 'tarballs');
  const project = path.join(work, 'project');
  fs.mkdirSync(tarballs);
  fs.cpSync(fixtureDir, project, { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'fixtures', 'isolation', 'thing.js'), path.join(project, 'thing.js'));
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'packed-consumer', version: '1.0.0', private: true }),
  );
  const files = [pack(registryDir, tarballs), pack(packageDir, tarballs)];
  exec(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel', 'error', '--prefer-offline', ...files, `jest@${JEST_VERSION}`],
    project,
  );
  run = await runJest({
    jestBin: path.join(project, 'node_modules', 'jest', 'bin', 'jest.js'),
    cwd: project,
    timeoutMs: 60_000,
  });
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
