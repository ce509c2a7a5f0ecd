import type { IsolationReport, TestReport } from '../types';

const OUR_ENVIRONMENT = '@ws-isolation/jest-environment';
const LEAK_LINE = /\bleak|forcing cleanup|open handle|still open/i;
/** Names listed in one recommendation; the rest are counted. */
const MAX_NAMES = 5;

function names(tests: readonly TestReport[] | readonly string[]): string {
  const list = tests.map((test) => `\`${typeof test === 'string' ? test : test.name}\``);
  return list.length <= MAX_NAMES
    ? list.join(', ')
    : `${list.slice(0, MAX_NAMES).join(', ')} and ${list.length - MAX_NAMES} more`;
}

function hangsIn(report: IsolationReport, phase: string): TestReport[] {
  return report.tests.filter((test) => test.isolated.status === 'hang' && test.isolated.phase === phase);
}

/** The first log line that names a leak, from the run alone or in the suite. */
function leakLine(test: TestReport): string | undefined {
  return [...(test.isolated.log ?? []), ...(test.suite.log ?? [])]
    .find((line) => LEAK_LINE.test(line))
    ?.trim()
    .slice(0, 200);
}

/**
 * What to do, drawn from what was found: each line names the tests it is about,
 * and says what kept them waiting when the logs tell.
 */
export function recommendations(report: IsolationReport): string[] {
  const lines: string[] = [];
  const byClass = (testClass: TestReport['class']): TestReport[] =>
    report.tests.filter((test) => test.class === testClass);
  const body = hangsIn(report, 'body');
  if (body.length > 0)
    lines.push(
      `${names(body)} never finish${body.length === 1 ? 'es' : ''} its body alone: await events with a bound ` +
        `(a timeout or an AbortSignal), never an open-ended promise.`,
    );
  const hook = hangsIn(report, 'hook');
  for (const test of hook.filter((entry) =>
    (entry.isolated.openSockets ?? []).some((socket) => socket.startsWith('connection')),
  )) {
    const connections = test.isolated.openSockets!.filter((socket) => socket.startsWith('connection'));
    lines.push(
      `\`${test.name}\` hangs in a hook alone with ${connections.length} connection${connections.length === 1 ? '' : 's'} still open ` +
        `(${connections.slice(0, 3).join(', ')}): close the clients before the server, not the server harder.`,
    );
  }
  if (hook.length > 0)
    lines.push(
      `${names(hook)} hang${hook.length === 1 ? 's' : ''} in a hook alone. A hook that closes a server ` +
        `(\`wss.close()\`, \`server.close()\`) waits for every connection still open: ` +
        'close or terminate the clients the tests opened before it, and give the hook a bounded wait.',
    );
  const teardown = hangsIn(report, 'teardown');
  if (teardown.length > 0)
    lines.push(
      `${names(teardown)} never finish${teardown.length === 1 ? 'es' : ''} teardown alone: bound every close with a timeout and terminate what is left.`,
    );
  const after = hangsIn(report, 'after-results');
  if (after.length > 0) {
    const files = [...new Set(after.map((test) => `\`${test.file}\``))].join(', ');
    lines.push(
      `${files} keep${after.length === 1 ? 's' : ''} Jest alive after every result is in: a timer, socket or ` +
        `server opened in module scope or in a test is never closed. ` +
        'Close it in `afterAll` (or `unref()` a timer that must outlive the tests).',
    );
  }
  if (report.suite.exitHang && (report.suite.exitHangTests ?? []).length === 0)
    lines.push(
      'Jest does not exit after the suite, yet no file keeps it alive alone: a file opens something only ' +
        'after another file ran (shared state outside the module registry, a process-wide singleton, a file on disk).',
    );
  for (const test of report.tests) {
    const leak = leakLine(test);
    if (leak !== undefined && test.class !== 'pass')
      lines.push(`\`${test.name}\` logged \`${leak}\`: start from that leak, not from the hang it causes.`);
  }
  for (const test of byClass('polluted'))
    lines.push(
      test.pollutedBy && test.pollutedBy.length > 0
        ? `\`${test.name}\` fails after ${names(test.pollutedBy)}: reset the state that test leaves behind (in its \`afterEach\`), or give each test its own.`
        : `\`${test.name}\` fails in the suite only, and no earlier test reproduced it: look for state shared ` +
            `with the whole run (files, ports, environment variables).`,
    );
  for (const test of byClass('needs-earlier'))
    lines.push(
      test.dependsOn && test.dependsOn.length > 0
        ? `\`${test.name}\` passes only after ${names(test.dependsOn)}: move the setup it relies on into its own \`beforeEach\` or \`beforeAll\`.`
        : `\`${test.name}\` fails alone and passes in the suite, and no earlier test reproduced the pass: it relies on state the suite run leaves.`,
    );
  const flaky = byClass('flaky');
  if (flaky.length > 0)
    lines.push(
      `${names(flaky)} give${flaky.length === 1 ? 's' : ''} different results run to run alone: look for ` +
        `timing, randomness and outside state in ${flaky.length === 1 ? 'it' : 'them'}.`,
    );
  const failing = byClass('fail');
  if (failing.length > 0)
    lines.push(
      `Fix ${names(failing)} first: ${failing.length === 1 ? 'it fails' : 'they fail'} alone, with no other test involved.`,
    );
  const troubled =
    report.tests.some((test) => test.isolated.status === 'hang' || test.suite.status === 'hang') ||
    report.suite.exitHang;
  if (troubled) {
    lines.push(
      report.environments.some((name) => name.includes(OUR_ENVIRONMENT))
        ? `This project runs under \`${OUR_ENVIRONMENT}\`: a plain \`jest\` run names each leaked socket and ` +
            `server with the line that created it, faster than this report.`
        : `Run the suite under \`${OUR_ENVIRONMENT}\` (\`testEnvironment\`): it names each leaked socket and ` +
            `server with the line that created it, and bounds every teardown.`,
    );
  }
  if (lines.length === 0) lines.push('Keep running this report in CI to catch new leaks and order dependence early.');
  return lines;
}
