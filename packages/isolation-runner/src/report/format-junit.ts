import { CLASS_TEXT } from '../classification/test-class';
import { flakyText } from './format-markdown';
import type { IsolationReport, TestReport, TestRunResult } from '../types';

/** Escapes text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function problem(test: TestReport): { where: string; result: TestRunResult } | undefined {
  if (test.isolated.status !== 'pass') return { where: 'alone', result: test.isolated };
  if (test.suite.status !== 'pass') return { where: 'in the suite', result: test.suite };
  return undefined;
}

function testcase(test: TestReport): string {
  const attributes = `classname="${escapeXml(test.file)}" name="${escapeXml(test.name)}" time="${seconds(test.isolated.durationMs)}"`;
  const found = problem(test);
  if (found === undefined) return `    <testcase ${attributes}/>`;
  const { where, result } = found;
  const kind = result.status === 'fail' ? 'failure' : 'error';
  const polluter = test.pollutedBy && test.pollutedBy.length > 0 ? `; polluted by ${test.pollutedBy.join(', ')}` : '';
  const dependency = test.dependsOn && test.dependsOn.length > 0 ? `; depends on ${test.dependsOn.join(', ')}` : '';
  const rate = flakyText(test);
  const flaky = rate === undefined ? '' : `; flaky: ${rate}`;
  const message = `${result.status}${result.phase ? ` (${result.phase})` : ''} ${where}: ${CLASS_TEXT[test.class]}${polluter}${dependency}${flaky}`;
  const body = [result.note ?? '', ...(result.log ?? [])].join('\n');
  return (
    `    <testcase ${attributes}>\n      <${kind} message="${escapeXml(message)}" ` +
    `type="${escapeXml(result.status)}">${escapeXml(body)}</${kind}>\n    </testcase>`
  );
}

/**
 * The report as JUnit XML: one `<testsuite>` per test file, one `<testcase>`
 * per test. A test that fails alone or in the suite gets `<failure>`; a hang
 * or a test the suite never reached gets `<error>`.
 */
export function formatJunit(report: IsolationReport): string {
  const byFile = new Map<string, TestReport[]>();
  for (const test of report.tests) byFile.set(test.file, [...(byFile.get(test.file) ?? []), test]);
  const suites = [...byFile].map(([file, tests]) => {
    const failures = tests.filter((test) => problem(test)?.result.status === 'fail').length;
    const errors = tests.filter((test) => problem(test) !== undefined).length - failures;
    const time = tests.reduce((sum, test) => sum + test.isolated.durationMs, 0);
    return (
      `  <testsuite name="${escapeXml(file)}" tests="${tests.length}" failures="${failures}" ` +
      `errors="${errors}" skipped="0" time="${seconds(time)}">\n${tests.map(testcase).join('\n')}\n  </testsuite>`
    );
  });
  const failures = report.tests.filter((test) => problem(test)?.result.status === 'fail').length;
  const errors = report.tests.filter((test) => problem(test) !== undefined).length - failures;
  const header =
    `<testsuites name="ws-isolation" tests="${report.tests.length}" failures="${failures}" ` +
    `errors="${errors}" time="${seconds(report.durationMs)}" timestamp="${escapeXml(report.startedAt)}">`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${header}\n${suites.join('\n')}\n</testsuites>\n`;
}
