import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runIsolation, writeReports, type IsolationMode, type TestReport } from '../src';
import { tempDir } from './helpers';

const TIMELINE = join(__dirname, 'fixtures', 'timeline');

// pnpm's bin shims set NODE_PATH; the runner must find each project's Jest on its own.
delete process.env.NODE_PATH;

function kinds(timeline: { events: Array<{ type: string }> } | undefined): string[] {
  return (timeline?.events ?? []).map((event) => event.type);
}

describe.each<IsolationMode>(['warm', 'process'])('timelines with isolation %s', (isolation) => {
  it('asks every Jest for a timeline and puts each test window in the report, alone and in the suite', async () => {
    const report = await runIsolation({ cwd: TIMELINE, isolation, timeoutMs: 20_000, workers: 1, bisect: false });
    const byName = new Map<string, TestReport>(report.tests.map((test) => [test.name, test]));
    const leaky = byName.get('leaves a connection open')!;
    const clean = byName.get('closes its connection')!;
    expect([leaky.isolated.status, leaky.suite.status, clean.isolated.status]).toEqual(['fail', 'fail', 'pass']);
    // Alone: the leaky one is the run a process of its own confirmed (warm), or its own process.
    for (const run of [leaky.timeline?.isolated, leaky.timeline?.suite])
      expect(kinds(run)).toEqual(['test-start', 'created', 'leak', 'forced', 'test-end']);
    for (const run of [clean.timeline?.isolated, clean.timeline?.suite])
      expect(kinds(run)).toEqual(['test-start', 'created', 'closed', 'test-end']);
    expect(leaky.timeline?.suite?.events[1]).toMatchObject({ type: 'created', id: 'left', kind: 'connection' });

    const out = tempDir('wsi-timeline-report-');
    try {
      const [json, html] = writeReports(report, { out, formats: ['json', 'html'] });
      expect(JSON.parse(readFileSync(json!, 'utf8')).tests).toEqual(JSON.parse(JSON.stringify(report.tests)));
      const page = readFileSync(html!, 'utf8');
      expect(page.match(/<g class="lane leaked"[^>]*data-outcome="forced"/g)).toHaveLength(2);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    // Four Jest processes or more, one after another: on a loaded machine each start-up alone can take seconds.
  });
});
