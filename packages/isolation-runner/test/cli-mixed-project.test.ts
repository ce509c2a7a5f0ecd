import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { IsolationReport, TestReport } from '../src';
import { environOf, liveProcesses, MIXED, runBin, tempDir, type CliRun } from './helpers';

// One run of the CLI on a project with a passing, a failing, a body-hang and a
// teardown-hang test, and a polluter/victim pair; every test reads its output.
let run: CliRun;
let out: string;
let stateDir: string;
let report: IsolationReport;

beforeAll(async () => {
  out = tempDir('wsi-out-');
  stateDir = tempDir('wsi-state-');
  // About 25 s on a quiet two-core machine, most of it the hang limits.
  run = await runBin(['run', '--cwd', MIXED, '--timeout', '4000', '--workers', '2', '--out', out], {
    FIXTURE_STATE_DIR: stateDir,
  });
  report = JSON.parse(readFileSync(join(out, 'isolation-results.json'), 'utf8')) as IsolationReport;
});

afterAll(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
});

function test_(name: string): TestReport {
  const found = report.tests.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`no test named ${name} in the report`);
  return found;
}

describe('ws-isolation run on a project with every kind of result', () => {
  it('exits 1 and says why on the last line', () => {
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^FAIL not isolated: 3 of 6 tests fail or hang alone .*; 1 order-dependent/);
  });

  it('classifies the passing and the failing test', () => {
    expect(test_('math adds numbers')).toMatchObject({
      file: 'd-pass-fail.test.js',
      isolated: { status: 'pass' },
      suite: { status: 'pass' },
      orderDependent: false,
    });
    const failing = test_('math rejects a bad sum');
    expect(failing.isolated.status).toBe('fail');
    expect(failing.suite.status).toBe('fail');
    expect(failing.isolated.log?.join('\n')).toContain('Expected: 3');
  });

  it('classifies a body that never settles as a hang in the body, alone and in the suite', () => {
    const hung = test_('waits for a reply that never comes');
    expect(hung.isolated).toMatchObject({ status: 'hang', phase: 'body' });
    expect(hung.suite).toMatchObject({ status: 'hang', phase: 'body' });
  });

  it('classifies a test that passes and then never tears down as a hang in teardown, with the last log lines', () => {
    const hung = test_('closes the session');
    expect(hung.isolated).toMatchObject({ status: 'hang', phase: 'teardown' });
    expect(hung.suite).toMatchObject({ status: 'hang', phase: 'teardown' });
    expect(hung.isolated.log?.join('\n')).toContain('DEBUG: Forcing cleanup of instance conn-1 (session)');
  });

  it('names the polluter of a test that passes alone and fails after it', () => {
    expect(test_('caches the session token')).toMatchObject({
      isolated: { status: 'pass' },
      suite: { status: 'pass' },
      orderDependent: false,
    });
    const victim = test_('starts from a clean session store');
    expect(victim).toMatchObject({
      isolated: { status: 'pass' },
      suite: { status: 'fail' },
      orderDependent: true,
      pollutedBy: ['caches the session token'],
    });
    expect(victim.bisection?.reproduced).toBe(true);
  });

  it('keeps running the suite after a hang, in a new process, so later tests still get a result', () => {
    // The first process hangs in the body-hang file; the second runs the rest and hangs in the last teardown;
    // the third, with the tests after the hung one excluded by name, finds none left in that file.
    expect(report.suite.processes).toBe(3);
    expect(report.tests.every((entry) => entry.suite.status !== 'not-run')).toBe(true);
    expect(report.suite.order).toEqual([
      'caches the session token',
      'starts from a clean session store',
      'waits for a reply that never comes',
      'math adds numbers',
      'math rejects a bad sum',
      'closes the session',
    ]);
  });

  it('writes JSON with the documented fields for every test', () => {
    expect(report.summary).toMatchObject({ total: 6, ok: false, orderDependent: 1 });
    expect(report.options).toMatchObject({ timeoutMs: 4000, workers: 2, repeat: 1, bisect: true });
    for (const entry of report.tests) {
      expect(typeof entry.name).toBe('string');
      expect(typeof entry.file).toBe('string');
      for (const result of [entry.isolated, entry.suite]) {
        expect(['pass', 'fail', 'hang']).toContain(result.status);
        expect(typeof result.durationMs).toBe('number');
      }
    }
  });

  it('writes JUnit XML that parses, with one testcase per test', () => {
    const xml = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (name) => name === 'testsuite' || name === 'testcase',
    }).parse(xml) as {
      testsuites: { tests: string; testsuite: { testcase: { name: string; failure?: unknown; error?: unknown }[] }[] };
    };
    const cases = parsed.testsuites.testsuite.flatMap((suite) => suite.testcase);
    expect(cases.map((entry) => entry.name).sort()).toEqual(report.tests.map((entry) => entry.name).sort());
    expect(parsed.testsuites.tests).toBe('6');
    const byName = new Map(cases.map((entry) => [entry.name, entry]));
    expect(byName.get('math adds numbers')?.failure).toBeUndefined();
    expect(byName.get('math rejects a bad sum')?.failure).toBeDefined();
    expect(byName.get('starts from a clean session store')?.failure).toBeDefined();
    expect(byName.get('waits for a reply that never comes')?.error).toBeDefined();
  });

  it('writes the Markdown report with every section and a row per test', () => {
    const markdown = readFileSync(join(out, 'isolation-results.md'), 'utf8');
    for (const heading of [
      '# Test Isolation Results',
      '## Overview',
      '## Results',
      '## Detailed Analysis',
      '## Common Patterns',
      '## Implications',
      '## Recommendations',
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain('| `math adds numbers` | `d-pass-fail.test.js` | ✅ Pass | ✅ Pass |');
    expect(markdown).toContain('| `math rejects a bad sum` | `d-pass-fail.test.js` | ❌ Fail | ❌ Fail |');
    expect(markdown).toContain(
      '| `closes the session` | `e-teardown-hang.test.js` | ⚠️ Hang (teardown) | ⚠️ Hang (teardown) |',
    );
    expect(markdown).toContain('polluted by `caches the session token`');
    expect(markdown).toMatch(/Leak and forced-cleanup warnings/);
  });

  it('prints a progress line for each result', () => {
    expect(run.stderr).toContain('confirm  ⚠️ hang in body  c-body-hang.test.js › waits for a reply that never comes');
    expect(run.stderr).toContain('bisect   starts from a clean session store: run 1, 1 candidate tests');
    expect(run.stderr).toContain('suite    ❌ fail  b-victim.test.js › starts from a clean session store');
    expect(run.stderr).toContain('bisect   starts from a clean session store is polluted by caches the session token');
  });

  it('leaves no process running: neither Jest nor what the tests spawned', () => {
    const helpers = readdirSync(stateDir)
      .filter((name) => name.endsWith('.pid'))
      .map((name) => Number(readFileSync(join(stateDir, name), 'utf8')));
    // One helper per run of the teardown-hang file: alone, in the suite.
    expect(helpers.length).toBeGreaterThanOrEqual(2);
    expect(liveProcesses((info) => helpers.includes(info.pid))).toEqual([]);
    // Every process this run started (Jest, its workers, the helpers) inherited
    // this run's own state directory. Other test files run Jest in the same
    // fixture directory at the same time, so the directory alone names nothing.
    const mine = `FIXTURE_STATE_DIR=${stateDir}`;
    expect(liveProcesses((info) => environOf(info.pid).includes(mine))).toEqual([]);
    expect(existsSync(out)).toBe(true);
  });
});
