import { CLASS_TEXT } from '../classification/test-class';
import { escapeXml as escape } from './format-junit';
import { flakyText } from './format-markdown';
import { HTML_PATTERNS, HTML_SCRIPT, HTML_STYLE } from './html-assets';
import { stateStyle, timelineSvg } from './timeline-svg';
import { timelineView, type TimelineView } from './timeline-view';
import type { IsolationReport, TestReport, TestRunResult, TestTimeline } from '../types';

const STATUS_TEXT: Record<TestRunResult['status'], string> = {
  pass: '✓ pass',
  fail: '✗ fail',
  hang: '⏸ hang',
  'not-run': '– not run',
};

function resultText(result: TestRunResult): string {
  return `${STATUS_TEXT[result.status]}${result.phase ? ` (${result.phase})` : ''}`;
}

/** A test needs its timeline shown when it failed or hung in either run, or its environment reported a leak. */
function troubled(test: TestReport): boolean {
  if (test.isolated.status === 'fail' || test.isolated.status === 'hang') return true;
  if (test.suite.status === 'fail' || test.suite.status === 'hang') return true;
  const runs = [test.timeline?.isolated, test.timeline?.suite];
  return runs.some((run) => run?.events.some((event) => event.type === 'leak' || event.type === 'forced') === true);
}

function summary(report: IsolationReport): string {
  const { summary: totals, suite } = report;
  const line = (label: string, counts: Record<TestRunResult['status'], number>): string =>
    `<li>${label}: ${counts.pass} pass, ${counts.fail} fail, ${counts.hang} hang` +
    `${counts['not-run'] > 0 ? `, ${counts['not-run']} not run` : ''}</li>`;
  return (
    '<section aria-labelledby="summary"><h2 id="summary">Summary</h2>' +
    `<p class="${totals.ok ? '' : 'bad'}">${totals.ok ? 'PASS' : 'FAIL'}: ${escape(totals.reason)}</p><ul>` +
    `<li>${totals.total} tests in <code>${escape(report.cwd)}</code>, Jest ${escape(report.jestVersion)}, isolation ${report.options.isolation}</li>` +
    line('Alone', totals.isolated) +
    line('In the suite', totals.suite) +
    `<li>Order-dependent: ${totals.orderDependent}; flaky: ${totals.flaky}</li>` +
    (suite.exitHang ? `<li class="bad">Jest did not exit after the suite's results</li>` : '') +
    report.loadErrors
      .map(
        (error) =>
          `<li class="bad">Could not load <code>${escape(error.file)}</code>: ${escape(error.message.split('\n')[0] ?? '')}</li>`,
      )
      .join('') +
    '</ul></section>'
  );
}

function resultRow(test: TestReport, index: number): string {
  const results = new Set([test.isolated.status, test.suite.status, test.class]);
  const notes = [test.class === 'pass' ? '' : CLASS_TEXT[test.class], flakyText(test) ?? '', test.isolated.note ?? '']
    .filter((note) => note !== '')
    .join('; ');
  const name =
    troubled(test) && test.timeline !== undefined ? `<a href="#t${index}">${escape(test.name)}</a>` : escape(test.name);
  return (
    `<tr tabindex="0" data-results="${[...results].join(' ')}" data-ms="${Math.round(test.isolated.durationMs)}">` +
    `<td>${name}</td><td><code>${escape(test.file)}</code></td><td>${resultText(test.isolated)}</td>` +
    `<td>${resultText(test.suite)}</td><td>${Math.round(test.isolated.durationMs)} ms</td><td>${escape(notes)}</td></tr>`
  );
}

function resultsTable(report: IsolationReport): string {
  const filters = ['all', 'pass', 'fail', 'hang', 'not-run', 'flaky', 'polluted', 'needs-earlier']
    .map((value) => `<button type="button" data-filter="${value}" aria-pressed="${value === 'all'}">${value}</button>`)
    .join('');
  return (
    '<section aria-labelledby="results-heading"><h2 id="results-heading">Results</h2>' +
    `<div class="filters" role="group" aria-label="Show tests whose result is">${filters}</div>` +
    '<table id="results"><thead><tr><th scope="col">Test</th><th scope="col">File</th><th scope="col">Alone</th>' +
    '<th scope="col">In the suite</th><th scope="col" aria-sort="none"><button type="button" id="sort-time">Time alone ↕</button></th>' +
    `<th scope="col">Notes</th></tr></thead><tbody>${report.tests.map(resultRow).join('')}</tbody></table></section>`
  );
}

function legend(views: readonly TimelineView[]): string {
  const states = [...new Set(views.flatMap((view) => view.lanes.flatMap((lane) => lane.segments.map((s) => s.state))))];
  const swatch = (state: string): string => {
    const style = stateStyle(state);
    return (
      `<span><svg width="28" height="14" aria-hidden="true"><rect class="s${style}" width="28" height="14"/>` +
      `<rect class="p${style}" width="28" height="14"/></svg> ${escape(state)}</span>`
    );
  };
  return (
    `<div class="legend" aria-label="Legend">${states.map(swatch).join('')}` +
    '<span>○ closed</span><span>✕ forced</span><span>△ failed</span>' +
    '<span>│ test started</span><span>┆ test ended (dashed)</span><span>⋮ cleanup started (dotted)</span></div>'
  );
}

function instancesTable(view: TimelineView, prefix: string): string {
  const rows = view.lanes.map(
    (lane, index) =>
      `<tr id="${prefix}-${index}"><td><code>${escape(`${lane.kind} ${lane.id}`)}</code></td>` +
      `<td>${lane.end === undefined ? 'still open' : `${lane.end.type}${lane.end.byCleanup ? ' by cleanup' : ''} at ${Math.round(lane.end.at)} ms`}` +
      `${lane.leak === undefined ? '' : `; leak of ${escape(lane.leak.owner)}`}</td>` +
      `<td>${escape(lane.label)}<pre class="stack">${escape(lane.stack)}</pre></td></tr>`,
  );
  return (
    `<details><summary>Instances and where each was created (${view.lanes.length})</summary>` +
    `<table class="instances"><thead><tr><th scope="col">Instance</th><th scope="col">End</th><th scope="col">Created</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></details>`
  );
}

function runTimeline(label: string, result: TestRunResult, timeline: TestTimeline | undefined, prefix: string): string {
  const heading = `<h4>${label}: ${resultText(result)}</h4>`;
  if (timeline === undefined) return `${heading}<p class="muted">No timeline was recorded in this run.</p>`;
  const view = timelineView(timeline);
  const cut = view.truncated
    ? `<p class="bad">The record was cut at its size bound${view.dropped === undefined ? '' : `: ${view.dropped} events dropped`}.</p>`
    : '';
  if (view.lanes.length === 0) return `${heading}${cut}<p class="muted">No instance was open during this test.</p>`;
  return `${heading}${cut}${timelineSvg(view, prefix)}${instancesTable(view, prefix)}`;
}

function testTimelines(test: TestReport, index: number): string {
  const runs = test.timeline ?? {};
  return (
    `<article id="t${index}" class="test-timeline" data-test="${escape(test.name)}"><h3>${escape(test.name)}</h3>` +
    `<p class="muted"><code>${escape(test.file)}</code> — ${escape(CLASS_TEXT[test.class])}</p>` +
    `<section data-run="isolated">${runTimeline('Alone', test.isolated, runs.isolated, `t${index}-a`)}</section>` +
    `<section data-run="suite">${runTimeline('In the suite', test.suite, runs.suite, `t${index}-s`)}</section></article>`
  );
}

function timelines(report: IsolationReport): string {
  const recorded = report.tests
    .map((test, index) => ({ test, index }))
    .filter(({ test }) => test.timeline !== undefined);
  const heading = '<section aria-labelledby="timelines"><h2 id="timelines">Timelines</h2>';
  if (recorded.length === 0)
    return (
      `${heading}<p class="muted">No timeline was recorded: the project's test environment does not record them ` +
      '(<code>@ws-isolation/jest-environment</code> does).</p></section>'
    );
  const views = recorded.flatMap(({ test }) =>
    [test.timeline?.isolated, test.timeline?.suite].filter((run) => run !== undefined).map(timelineView),
  );
  const shown = recorded.filter(({ test }) => troubled(test));
  const quiet = recorded.filter(({ test }) => !troubled(test));
  return (
    heading +
    '<p>One lane per instance: its state over time, how it ended, and (hover, click or Enter) where it was created.</p>' +
    legend(views) +
    (shown.length === 0
      ? '<p>No test failed, hung or leaked.</p>'
      : shown.map(({ test, index }) => testTimelines(test, index)).join('')) +
    (quiet.length === 0
      ? ''
      : `<details><summary>Tests that passed without leaks (${quiet.length})</summary>` +
        `${quiet.map(({ test, index }) => testTimelines(test, index)).join('')}</details>`) +
    '</section>'
  );
}

/**
 * The report as isolation-results.html: one self-contained page (no network,
 * no other file) with the summary, the results table (filter by result, sort
 * by time) and a timeline of every test that failed, hung or leaked.
 */
export function formatHtml(report: IsolationReport): string {
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">` +
    `<title>Test Isolation Results</title><style>${HTML_STYLE}</style></head><body>${HTML_PATTERNS}` +
    '<h1>Test Isolation Results</h1>' +
    `<p class="muted">Generated by @ws-isolation/isolation-runner ${escape(report.version)} on ${escape(report.startedAt)}.</p>` +
    summary(report) +
    resultsTable(report) +
    timelines(report) +
    `<script>${HTML_SCRIPT}</script></body></html>\n`
  );
}
