import { join } from 'node:path';
import { formatJunit, formatMarkdown, runIsolation, type ProgressEvent } from '../src';
import { FIXTURES } from './helpers';

delete process.env.NODE_PATH;

describe('a test that fails alone and passes only after an earlier test', () => {
  it('is classified apart from plain failures, and bisection names the test it depends on', async () => {
    const events: ProgressEvent[] = [];
    const report = await runIsolation({ cwd: join(FIXTURES, 'order'), onProgress: (event) => events.push(event) });
    const dependent = report.tests.find((test) => test.name === 'reads the seeded user')!;
    expect(dependent).toMatchObject({
      class: 'needs-earlier',
      orderDependent: true,
      isolated: { status: 'fail' },
      suite: { status: 'pass' },
      dependsOn: ['seeds the shared store'],
      bisection: { reproduced: true },
    });
    expect(report.tests.filter((test) => test !== dependent).every((test) => test.class === 'pass')).toBe(true);
    // Progress while bisecting: one line per run, with the candidates left.
    const runs = events.filter((event) => event.type === 'bisect-run');
    expect(runs.length).toBe(dependent.bisection!.runs);
    expect(runs[0]).toMatchObject({ name: 'reads the seeded user', run: 1, candidates: 3 });
    const markdown = formatMarkdown(report);
    expect(markdown).toContain('fails alone, passes only after an earlier test (depends on it)');
    expect(markdown).toContain('depends on `seeds the shared store`');
    expect(markdown).not.toContain('independent of order');
    expect(formatJunit(report)).toContain('depends on seeds the shared store');
  });
});
