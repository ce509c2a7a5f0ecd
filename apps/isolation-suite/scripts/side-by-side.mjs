// Formats two isolation reports of the same suite as one table.

const ICON = { pass: '✅ Pass', fail: '❌ Fail', hang: '⚠️ Hang', 'not-run': '— not run' };

/** `⚠️ Hang (teardown)` and the like. */
export function describeResult(result) {
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
    rows.push(`| ${test.name} | ${describeResult(test.isolated)} | ${describeResult(test.suite)} | ${describeResult(other?.isolated)} | ${describeResult(other?.suite)} |`);
  }
  return rows.join('\n');
}

/** The lines of the environment's log and leak messages that name forced instances. */
export function forcedInstances(report) {
  const lines = new Set();
  for (const test of report.tests) {
    for (const result of [test.isolated, test.suite]) {
      const text = [...(result?.log ?? []), result?.note ?? ''].join('\n');
      for (const line of text.split('\n')) {
        if (/forc/i.test(line)) lines.add(line.trim());
      }
    }
  }
  return [...lines];
}
