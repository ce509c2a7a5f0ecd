// Formats two isolation reports of the same suite as one table.

const ICON = { pass: '✅ Pass', fail: '❌ Fail', hang: '⚠️ Hang', 'not-run': '— not run' };

/** `⚠️ Hang (teardown)` and the like. */
function describeResult(result) {
  if (!result) return '—';
  const label = ICON[result.status] ?? result.status;
  return result.phase ? `${label} (${result.phase})` : label;
}

/** A Markdown table: one row per test, alone and in the suite, under each environment. */
export function sideBySide(left, right, titles = ['jest-environment-node', '@ws-isolation/jest-environment']) {
  const rows = [
    `| Test | ${titles[0]}: alone | ${titles[0]}: suite | ${titles[1]}: alone | ${titles[1]}: suite |`,
    '|---|---|---|---|---|',
  ];
  for (const test of left.tests) {
    const other = right.tests.find((t) => t.name === test.name && t.file === test.file);
    const cells = [test.isolated, test.suite, other?.isolated, other?.suite].map(describeResult);
    rows.push(`| ${test.name} | ${cells.join(' | ')} |`);
  }
  rows.push(`| (the suite's Jest process) | | ${describeExit(left.suite)} | | ${describeExit(right.suite)} |`);
  return rows.join('\n');
}

/** Whether the suite's Jest process exited, or hung after its last test (open handles). */
function describeExit(suite) {
  if (suite.exitHang) return '⚠️ Hang (teardown): never exited';
  if (suite.timedOut) return '⚠️ Hang: suite timed out';
  return '✅ exited';
}

/** One line per instance the environment forced, from the leak errors of the isolated runs. */
export function forcedInstances(report) {
  const lines = new Map();
  for (const test of report.tests) {
    const text = [...(test.isolated?.log ?? []), test.isolated?.note ?? ''].join('\n');
    for (const match of text.matchAll(/leaked (\S+) (\S+) \((.*?); state (\w+)\)[^\n]*\(forced\)/g)) {
      lines.set(match[2], `${test.name}: ${match[1]} ${match[2]}, ${match[4]} when the test ended (${match[3]})`);
    }
  }
  return [...lines.values()];
}
