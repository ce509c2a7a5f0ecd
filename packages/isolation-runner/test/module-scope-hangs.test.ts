import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { formatMarkdown, runIsolation, type ProgressEvent } from '../src';
import { RESULTS_GRACE_MS } from '../src/jest/jest-process';
import { FIXTURES, liveProcesses, tempDir } from './helpers';

delete process.env.NODE_PATH;

describe('a file whose module scope keeps Jest alive after its results', () => {
  it('is a hang after results alone, and the suite does not wait for --suite-timeout to say so', async () => {
    const events: ProgressEvent[] = [];
    // The default suite timeout is 10 minutes: the test's own 60 s limit proves nothing waits for it.
    const report = await runIsolation({ cwd: join(FIXTURES, 'exit-hang'), onProgress: (event) => events.push(event) });
    const byName = new Map(report.tests.map((test) => [test.name, test]));
    for (const name of ['reports with a module-scope heartbeat', 'talks over a module-scope socket']) {
      expect(byName.get(name)).toMatchObject({
        class: 'hang',
        isolated: { status: 'hang', phase: 'after-results' },
        suite: { status: 'pass' },
      });
      expect(byName.get(name)!.isolated.durationMs).toBeGreaterThanOrEqual(RESULTS_GRACE_MS);
    }
    expect(byName.get('cleans up after itself')).toMatchObject({ class: 'pass' });
    expect(report.suite).toMatchObject({
      exitHang: true,
      timedOut: false,
      exitHangTests: ['reports with a module-scope heartbeat', 'talks over a module-scope socket'],
    });
    expect(report.suite.exitHangMs).toBeGreaterThanOrEqual(RESULTS_GRACE_MS);
    // Progress from the start: the stage is announced before any Jest process runs.
    expect(events[0]).toMatchObject({ type: 'stage', stage: 'suite' });
    const markdown = formatMarkdown(report);
    expect(markdown).toContain('`interval.test.js`, `socket.test.js` keep Jest alive after every result is in');
    const groups = events.flatMap((event) => (event.type === 'spawn' ? [event.pid] : []));
    expect(liveProcesses((info) => groups.includes(info.pgrp))).toEqual([]);
  });

  it('that leaves something open only after another file ran: the suite exit hang, with no single file to blame', async () => {
    const stateDir = tempDir('wsi-together-');
    try {
      const report = await runIsolation({ cwd: join(FIXTURES, 'together'), env: { FIXTURE_STATE_DIR: stateDir } });
      expect(report.tests.map((test) => [test.name, test.class])).toEqual([
        ['turns on keep-alive for later files', 'pass'],
        ['starts a heartbeat when keep-alive is on', 'pass'],
      ]);
      expect(report.suite).toMatchObject({ exitHang: true, exitHangTests: [] });
      expect(report.summary.reason).toContain('Jest did not exit after the suite');
      expect(formatMarkdown(report)).toContain('no test keeps Jest alive when it runs alone');
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
