import { formatHtml, type TestReport } from '../src';
import { sampleReport } from './report-fixture';
import { cleanConnection, forcedConnections } from './timeline-fixture';

const parallel: TestReport = {
  name: 'test_parallel_connections',
  file: 'suite.test.ts',
  isolated: { status: 'fail', durationMs: 2200, note: 'leaked 3 connections' },
  suite: { status: 'fail', durationMs: 2300 },
  class: 'fail',
  orderDependent: false,
  timeline: {
    isolated: { events: forcedConnections('test_parallel_connections', 3) },
    suite: { events: forcedConnections('test_parallel_connections', 3, 50_000) },
  },
};
const clean: TestReport = {
  name: 'closes <script>alert(1)</script> & "quotes"',
  file: 'suite.test.ts',
  isolated: { status: 'pass', durationMs: 60 },
  suite: { status: 'pass', durationMs: 55 },
  class: 'pass',
  orderDependent: false,
  timeline: { isolated: { events: cleanConnection('closes') } },
};
const unrecorded: TestReport = {
  name: 'plain',
  file: 'plain.test.ts',
  isolated: { status: 'hang', phase: 'body', durationMs: 1000 },
  suite: { status: 'not-run', durationMs: 0 },
  class: 'hang',
  orderDependent: false,
};

const html = formatHtml(sampleReport([parallel, clean, unrecorded]));

/** The part of the page between an element's opening tag carrying `marker` and the next `until`. */
function slice(from: string, until: string): string {
  const start = html.indexOf(from);
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf(until, start));
}

describe('formatHtml', () => {
  it('is one self-contained page: nothing is loaded from anywhere, and the policy forbids it', () => {
    expect(html).not.toMatch(/\b(?:src|href)="(?!#)/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/@import|url\((?!#)/);
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`,
    );
    expect(html).toContain('prefers-color-scheme: dark');
  });

  it('lists every test in the results table, with its results and time for filtering and sorting', () => {
    const rows = slice('<tbody>', '</tbody>').match(/<tr [^>]*>/g)!;
    expect(rows).toEqual([
      '<tr tabindex="0" data-results="fail" data-ms="2200">',
      '<tr tabindex="0" data-results="pass" data-ms="60">',
      '<tr tabindex="0" data-results="hang not-run" data-ms="1000">',
    ]);
  });

  it('escapes names wherever they appear', () => {
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('closes &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
  });

  it('draws a lane per forced connection, its READY segment ending at the forced close after the test ended', () => {
    const alone = slice('<section data-run="isolated">', '</section>');
    const lanes = alone.match(/<g class="lane[^"]*"[^>]*>/g)!;
    expect(lanes).toHaveLength(3);
    for (const lane of lanes) {
      expect(lane).toContain('data-outcome="forced"');
      expect(lane).toContain('tabindex="0"');
    }
    const ready = [...alone.matchAll(/data-state="READY" data-from="(\d+)" data-to="(\d+)"/g)].map((match) =>
      Number(match[2]),
    );
    expect(ready).toEqual([2101, 2101, 2101]);
    expect(alone).toMatch(/data-marker="test-end" data-at="100"/);
    expect(alone).toMatch(/data-marker="cleanup-start" data-at="101"/);
    expect(alone.match(/data-end="forced" data-at="2101"/g)).toHaveLength(3);
    expect(alone.match(/data-kind="connection"/g)).toHaveLength(3);
    // The creating line is on hover (the lane's title) and in the instances table a click opens.
    expect(alone).toContain('created at openConnection (/project/test/connections.ts:15:22)');
    expect(alone).toMatch(/<tr id="t0-a-0">.*at openConnection/);
  });

  it('collapses tests that passed without leaks, and says when a test has no timeline', () => {
    const collapsed = slice('<details><summary>Tests that passed without leaks (1)', '</details></section>');
    expect(collapsed).toContain('data-test="closes &lt;script&gt;');
    expect(collapsed).toContain('data-outcome="closed"');
    expect(html).not.toContain('data-test="plain"');
  });

  it('marks every state with a pattern and a name as well as a colour', () => {
    const legend = slice('<div class="legend"', '</div>');
    for (const state of ['DISCONNECTED', 'CONNECTING', 'CONNECTED', 'READY', 'CLOSING'])
      expect(legend).toContain(state);
    expect(html).toMatch(/<text class="seg-label"[^>]*>READY<\/text>/);
  });

  it('says so when no test environment recorded a timeline', () => {
    const none = formatHtml(sampleReport([unrecorded]));
    expect(none).toContain('No timeline was recorded');
    expect(none).not.toContain('<g class="lane');
  });
});
