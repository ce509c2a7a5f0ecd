import { CLASS_TEXT } from '../classification/test-class';
import { findCommonPatterns } from './common-patterns';
import { recommendations } from './recommendations';
import type { IsolationReport, TestReport, TestRunResult } from '../types';

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

const quoted = (names: readonly string[]): string => names.map((name) => `\`${name}\``).join(', ');

/** A flaky test's rate: `fails 1 of 3 runs alone (33%)`. */
export function flakyText(test: TestReport): string | undefined {
  if (test.flakyRate === undefined || test.flakyRate.nonPass === 0 || test.flakyRate.nonPass === test.flakyRate.runs)
    return undefined;
  const { nonPass, runs } = test.flakyRate;
  return `fails or hangs ${nonPass} of ${runs} runs alone (${Math.round((100 * nonPass) / runs)}%)`;
}

function notes(test: TestReport): string {
  const parts: string[] = [];
  if (test.class !== 'pass') parts.push(CLASS_TEXT[test.class]);
  const rate = flakyText(test);
  if (rate !== undefined) parts.push(rate);
  if (test.isolated.status !== 'pass' && test.isolated.note) parts.push(`alone: ${test.isolated.note}`);
  if (test.suite.status !== 'pass' && test.suite.note) parts.push(`suite: ${test.suite.note}`);
  if (test.pollutedBy && test.pollutedBy.length > 0) parts.push(`polluted by ${quoted(test.pollutedBy)}`);
  if (test.dependsOn && test.dependsOn.length > 0) parts.push(`depends on ${quoted(test.dependsOn)}`);
  return cell(parts.join('; ')) || '-';
}

function howRun(report: IsolationReport): string {
  const { options } = report;
  const alone =
    options.isolation === 'process'
      ? 'each run alone in its own Jest process (isolation: process)'
      : 'each run alone in warm Jest workers, a fresh environment and module registry per test, and every one ' +
        'that did not pass there run again in a Jest process of its own, which is the result reported (isolation: warm)';
  const repeat = options.repeat > 1 ? `, ${options.repeat} times` : '';
  const seed = options.seed === undefined ? '' : ` with seed ${options.seed}`;
  const shard = options.shard === undefined ? '' : ` This is shard ${options.shard.index} of ${options.shard.count}.`;
  const environments =
    report.environments.length === 0
      ? ''
      : `, test environment ${report.environments.map((name) => `\`${name}\``).join(', ')}`;
  return (
    `${report.summary.total} tests in \`${report.cwd}\` (Jest ${report.jestVersion}${environments}), ` +
    `${alone} (limit ${options.timeoutMs} ms without progress${repeat}), and all together in band${seed}.${shard}`
  );
}

function exitHangLine(report: IsolationReport): string[] {
  const { suite } = report;
  if (!suite.exitHang) return [];
  const measured =
    suite.exitHangMs === undefined
      ? ''
      : ` (alive ${Math.round(suite.exitHangMs)} ms after its last result, then killed)`;
  const culprits =
    suite.exitHangTests && suite.exitHangTests.length > 0
      ? `: alone, ${quoted(suite.exitHangTests)} also keep${suite.exitHangTests.length === 1 ? 's' : ''} Jest alive after the results`
      : ': no test keeps Jest alive when it runs alone, so files leave something open only when they run together (state one file leaves for another)';
  return [`- Jest did not exit after the suite's results${measured}${culprits}`];
}

function overview(report: IsolationReport): string[] {
  const { summary, suite } = report;
  return [
    '## Overview',
    '',
    howRun(report),
    '',
    `- Alone: ${summary.isolated.pass} pass, ${summary.isolated.fail} fail, ${summary.isolated.hang} hang`,
    `- In the suite: ${summary.suite.pass} pass, ${summary.suite.fail} fail, ${summary.suite.hang} hang, ` +
      `${summary.suite['not-run']} not run (${suite.processes} Jest process${suite.processes === 1 ? '' : 'es'})`,
    `- Order-dependent: ${summary.orderDependent}${summary.flaky > 0 ? `; flaky: ${summary.flaky}` : ''}`,
    ...exitHangLine(report),
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
      `| \`${cell(test.name)}\` | \`${cell(test.file)}\` | ${resultCell(test.isolated)} | ` +
      `${resultCell(test.suite)} | ${Math.round(test.isolated.durationMs)} ms | ${notes(test)} |`,
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
  lines.push(`- Class: ${CLASS_TEXT[test.class]}`);
  const rate = flakyText(test);
  if (rate !== undefined) lines.push(`- Flaky: ${rate}: ${(test.repeats ?? []).map((run) => run.status).join(', ')}`);
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
  const has = (testClass: TestReport['class']): boolean => report.tests.some((test) => test.class === testClass);
  const lines: string[] = [];
  if (summary.isolated.hang > 0 || summary.suite.hang > 0 || suite.exitHang)
    lines.push(
      '- A hang stops the whole suite: in CI the job runs until its own time limit and reports nothing about the tests after it.',
    );
  if (has('fail') || has('hang'))
    lines.push(
      '- Tests that fail or hang alone and in the suite fail without any other test: their cause is in the test itself.',
    );
  if (has('polluted'))
    lines.push(
      '- Polluted tests pass alone and fail after an earlier test: results change with sharding, `--randomize` and file timing.',
    );
  if (has('needs-earlier'))
    lines.push(
      '- Tests that need an earlier test pass in the suite only because of state another test leaves: they fail when run alone, sharded or reordered.',
    );
  if (summary.flaky > 0)
    lines.push('- Flaky tests give different results run to run; a green run does not prove them.');
  if (lines.length === 0)
    lines.push(
      '- The tests are isolated: each passes alone and together, so order, sharding and parallelism do not change the result.',
    );
  return ['## Implications', '', ...lines, ''];
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
    '## Recommendations',
    '',
    ...recommendations(report).map((line) => `- ${line}`),
    '',
  ].join('\n');
}
