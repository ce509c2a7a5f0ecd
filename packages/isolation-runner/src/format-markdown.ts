import { findCommonPatterns } from './common-patterns';
import type { IsolationReport, TestReport, TestRunResult } from './types';

const ICON: Record<TestRunResult['status'], string> = {
  pass: '✅ Pass',
  fail: '❌ Fail',
  hang: '⚠️ Hang',
  'not-run': '⏭️ Not run',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function resultCell(result: TestRunResult): string {
  return `${ICON[result.status]}${result.phase ? ` (${result.phase})` : ''}`;
}

function notes(test: TestReport): string {
  const parts: string[] = [];
  if (test.isolated.status !== 'pass' && test.isolated.note) parts.push(`alone: ${test.isolated.note}`);
  if (test.suite.status !== 'pass' && test.suite.note) parts.push(`suite: ${test.suite.note}`);
  if (test.orderDependent)
    parts.push(
      `order-dependent${test.pollutedBy && test.pollutedBy.length > 0 ? `, polluted by ${test.pollutedBy.map((name) => `\`${name}\``).join(', ')}` : ''}`,
    );
  if (test.flaky) parts.push(`flaky over ${test.repeats?.length ?? 0} runs`);
  return cell(parts.join('; ')) || '-';
}

function overview(report: IsolationReport): string[] {
  const { summary, suite } = report;
  return [
    '## Overview',
    '',
    `${summary.total} tests in \`${report.cwd}\` (Jest ${report.jestVersion}), each run alone in its own Jest process (limit ${report.options.timeoutMs} ms without progress${report.options.repeat > 1 ? `, ${report.options.repeat} times` : ''}), then all together in band${report.options.seed === undefined ? '' : ` with seed ${report.options.seed}`}.`,
    '',
    `- Alone: ${summary.isolated.pass} pass, ${summary.isolated.fail} fail, ${summary.isolated.hang} hang`,
    `- In the suite: ${summary.suite.pass} pass, ${summary.suite.fail} fail, ${summary.suite.hang} hang, ${summary.suite['not-run']} not run (${suite.processes} Jest process${suite.processes === 1 ? '' : 'es'})`,
    `- Order-dependent: ${summary.orderDependent}${summary.flaky > 0 ? `; flaky: ${summary.flaky}` : ''}`,
    ...(suite.exitHang ? ['- Jest did not exit after the suite finished (open handles)'] : []),
    ...report.loadErrors.map(
      (error) => `- Could not load \`${error.file}\`: ${cell(error.message.split('\n')[0] ?? '')}`,
    ),
    '',
    `**${summary.reason}**`,
    '',
  ];
}

function resultsTable(report: IsolationReport): string[] {
  const rows = report.tests.map(
    (test) =>
      `| \`${cell(test.name)}\` | \`${cell(test.file)}\` | ${resultCell(test.isolated)} | ${resultCell(test.suite)} | ${Math.round(test.isolated.durationMs)} ms | ${notes(test)} |`,
  );
  return [
    '## Results',
    '',
    '| Test | File | Alone | In suite | Time alone | Notes |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ];
}

function analysisOf(test: TestReport): string[] {
  const lines = [`### \`${test.name}\``, '', `File: \`${test.file}\``, ''];
  for (const [label, result] of [
    ['Alone', test.isolated],
    ['In the suite', test.suite],
  ] as const) {
    lines.push(
      `- ${label}: ${resultCell(result)} after ${Math.round(result.durationMs)} ms${result.note ? ` — ${result.note}` : ''}`,
    );
  }
  if (test.bisection) lines.push(`- Bisection: ${test.bisection.note}`);
  const log = test.isolated.status !== 'pass' ? test.isolated.log : test.suite.log;
  if (log && log.length > 0)
    lines.push('', 'Last log lines:', '', '```', ...log.map((line) => line.replace(/```/g, "'''")), '```');
  lines.push('');
  return lines;
}

function detailedAnalysis(report: IsolationReport): string[] {
  const problems = report.tests.filter((test) => test.isolated.status !== 'pass' || test.suite.status !== 'pass');
  if (problems.length === 0) return ['## Detailed Analysis', '', 'Every test passed alone and in the suite.', ''];
  return ['## Detailed Analysis', '', ...problems.flatMap(analysisOf)];
}

function commonPatterns(report: IsolationReport): string[] {
  const patterns = findCommonPatterns(report);
  if (patterns.length === 0) return ['## Common Patterns', '', 'None found.', ''];
  return [
    '## Common Patterns',
    '',
    ...patterns.map(
      (pattern) =>
        `- **${pattern.title}** (${pattern.tests.length}): ${pattern.detail} Tests: ${pattern.tests.map((name) => `\`${name}\``).join(', ')}.`,
    ),
    '',
  ];
}

function implications(report: IsolationReport): string[] {
  const { summary, suite } = report;
  const lines: string[] = [];
  if (summary.isolated.hang > 0 || summary.suite.hang > 0 || suite.exitHang)
    lines.push(
      '- A hang stops the whole suite: in CI the job runs until its own time limit and reports nothing about the tests after it.',
    );
  if (summary.isolated.fail > 0) lines.push('- Tests that fail alone are real failures, independent of order.');
  if (summary.orderDependent > 0)
    lines.push(
      '- Order-dependent tests pass or fail depending on which tests ran before them: results change with sharding, `--randomize` and file timing.',
    );
  if (summary.flaky > 0)
    lines.push('- Flaky tests give different results run to run; a green run does not prove them.');
  if (lines.length === 0)
    lines.push(
      '- The tests are isolated: each passes alone and together, so order, sharding and parallelism do not change the result.',
    );
  return ['## Implications', '', ...lines, ''];
}

function recommendations(report: IsolationReport): string[] {
  const phases = new Set(
    report.tests
      .flatMap((test) => [test.isolated, test.suite])
      .filter((result) => result.status === 'hang')
      .map((result) => result.phase),
  );
  const lines: string[] = [];
  if (phases.has('teardown') || report.suite.exitHang)
    lines.push(
      '- Bound every teardown: close connections with a timeout and terminate what is left (e.g. `@ws-isolation/jest-environment`, or `getRegistry().cleanupAll({ timeoutMs })` in `afterEach`).',
    );
  if (phases.has('body'))
    lines.push('- Await events with a bound (a timeout or an AbortSignal), never an open-ended promise.');
  if (phases.has('hook'))
    lines.push(
      '- Give `beforeAll`/`afterAll` hooks a bounded wait; a hook that never settles takes the whole file down.',
    );
  if (report.summary.orderDependent > 0)
    lines.push(
      '- Remove the shared state between each order-dependent test and the tests that pollute it (reset it in `afterEach`, or give each test its own).',
    );
  if (report.summary.isolated.fail > 0)
    lines.push('- Fix the tests that fail alone first; their failures do not depend on the others.');
  if (lines.length === 0) lines.push('- Keep running this report in CI to catch new leaks and order dependence early.');
  return ['## Recommendations', '', ...lines, ''];
}

/** The report as isolation-results.md: the sections of a hand-made isolation report. */
export function formatMarkdown(report: IsolationReport): string {
  const title = [
    `# Test Isolation Results`,
    '',
    `Generated by @ws-isolation/isolation-runner ${report.version} on ${report.startedAt}.`,
    '',
  ];
  return [
    ...title,
    ...overview(report),
    ...resultsTable(report),
    ...detailedAnalysis(report),
    ...commonPatterns(report),
    ...implications(report),
    ...recommendations(report),
  ].join('\n');
}
