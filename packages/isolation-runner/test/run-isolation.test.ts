import { rmSync } from 'node:fs';
import { formatJson, formatJunit, formatMarkdown, IsolationErrorCode, runIsolation, type ProgressEvent } from '../src';
import { CLEAN, liveProcesses, MIXED, tempDir } from './helpers';
import { join } from 'node:path';

const LEFTOVERS = join(__dirname, 'fixtures', 'leftovers');

// pnpm's bin shims set NODE_PATH; the runner must find each project's Jest on its own.
delete process.env.NODE_PATH;

function noProcessOutlives(events: ProgressEvent[]): void {
  const groups = events.flatMap((event) => (event.type === 'spawn' ? [event.pid] : []));
  expect(groups.length).toBeGreaterThan(0);
  expect(liveProcesses((info) => groups.includes(info.pid) || groups.includes(info.pgrp))).toEqual([]);
}

describe('runIsolation', () => {
  it('runs only the filtered tests, resumes the suite after each hang, and leaves no process group behind', async () => {
    const stateDir = tempDir('wsi-api-state-');
    const events: ProgressEvent[] = [];
    try {
      const report = await runIsolation({
        cwd: MIXED,
        filter: 'hang',
        timeoutMs: 4000,
        workers: 2,
        bisect: false,
        env: { FIXTURE_STATE_DIR: stateDir },
        onProgress: (event) => events.push(event),
      });
      expect(
        report.tests.map((test) => [
          test.name,
          test.isolated.status,
          test.isolated.phase,
          test.suite.status,
          test.suite.phase,
        ]),
      ).toEqual([
        ['waits for a reply that never comes', 'hang', 'body', 'hang', 'body'],
        ['closes the session', 'hang', 'teardown', 'hang', 'teardown'],
      ]);
      expect(report.suite.processes).toBe(2);
      expect(report.summary.ok).toBe(false);
      expect(events[0]).toEqual({ type: 'spawn', pid: expect.any(Number), stage: 'list' });
      expect(
        events.filter((event) => event.type === 'stage').map((event) => (event as { stage: string }).stage),
      ).toEqual(['list', 'suite', 'isolated', 'confirm']);
      // Each test once in the suite and once confirmed: neither passes in a warm worker.
      expect(events.filter((event) => event.type === 'result')).toHaveLength(4);
      noProcessOutlives(events);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('reports a file that cannot load, and a test whose open handle keeps Jest from exiting', async () => {
    const events: ProgressEvent[] = [];
    const report = await runIsolation({ cwd: LEFTOVERS, timeoutMs: 4000, onProgress: (event) => events.push(event) });
    expect(report.loadErrors).toEqual([
      { file: 'broken.test.js', message: expect.stringContaining('Cannot find module') },
    ]);
    expect(report.tests.map((test) => [test.name, test.isolated.status, test.isolated.phase])).toEqual([
      ['starts a heartbeat and forgets it', 'hang', 'after-results'],
    ]);
    expect(report.tests[0]!.suite.status).toBe('pass');
    expect(report.suite.exitHang).toBe(true);
    expect(report.summary.reason).toContain('Jest did not exit after the suite (open handles)');
    expect(report.summary.reason).toContain('1 test files could not be loaded');
    noProcessOutlives(events);
  });

  it('marks a test flaky when repeated runs alone disagree, with its rate in every format', async () => {
    const stateDir = tempDir('wsi-flaky-');
    try {
      const report = await runIsolation({
        cwd: join(__dirname, 'fixtures', 'flaky'),
        repeat: 3,
        timeoutMs: 10_000,
        env: { FIXTURE_STATE_DIR: stateDir },
      });
      const [test] = report.tests;
      // The suite is run 1 of the counter; alone are runs 2 to 4 (warm), so the third run fails, and again when confirmed.
      expect(test!.repeats?.map((run) => run.status)).toEqual(['pass', 'fail', 'pass']);
      expect(test).toMatchObject({
        class: 'flaky',
        flaky: true,
        flakyRate: { nonPass: 1, runs: 3 },
        isolated: { status: 'fail' },
      });
      expect(report.summary).toMatchObject({ flaky: 1, ok: false });
      expect(formatMarkdown(report)).toContain('fails or hangs 1 of 3 runs alone (33%)');
      expect(formatJunit(report)).toContain('flaky: fails or hangs 1 of 3 runs alone (33%)');
      expect(JSON.parse(formatJson(report)).tests[0].flakyRate).toEqual({ nonPass: 1, runs: 3 });
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  it('rejects with ERR_WSI_NO_TESTS when the filter matches nothing', async () => {
    await expect(runIsolation({ cwd: CLEAN, filter: 'no such test' })).rejects.toMatchObject({
      code: IsolationErrorCode.NO_TESTS,
    });
  });
});
