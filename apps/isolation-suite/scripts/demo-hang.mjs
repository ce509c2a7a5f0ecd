// `pnpm demo:hang`: the original hang, reproduced and fixed. The same suite
// runs twice against a real `ws` server that never acknowledges close
// (WSI_FAULT=ignore-close): under plain jest-environment-node, then under
// @ws-isolation/jest-environment. The two result tables are printed side by side.
import path from 'node:path';
import { repoRoot, reportsDir } from './paths.mjs';
import { runRunner } from './run-runner.mjs';
import { sideBySide, forcedInstances } from './side-by-side.mjs';

const env = { WSI_TRANSPORT: 'ws', WSI_FAULT: 'ignore-close', WSI_LOG: 'debug' };
const common = ['--timeout', '8000', '--suite-timeout', '120000', '--no-bisect'];

process.stdout.write('=== 1/2: plain jest-environment-node (the original suite) ===\n\n');
const plain = await runRunner({
  out: path.join(reportsDir, 'hang', 'jest-environment-node'),
  args: [...common, '--config', 'jest.node.config.cjs'],
  env,
});
process.stdout.write('\n=== 2/2: @ws-isolation/jest-environment ===\n\n');
const isolated = await runRunner({
  out: path.join(reportsDir, 'hang', 'ws-isolation'),
  args: [...common, '--config', 'jest.config.cjs'],
  env,
});

process.stdout.write(`\n${sideBySide(plain.report, isolated.report)}\n`);
const forced = forcedInstances(isolated.report);
const forcedHeading =
  'Instances @ws-isolation/jest-environment forced at teardown (each a leak of the test that created it):';
process.stdout.write(
  forced.length > 0
    ? `\n${forcedHeading}\n${forced.map((line) => `  ${line}`).join('\n')}\n`
    : '\nNo instance was forced.\n',
);
process.stdout.write(
  `Reports: ${path.relative(repoRoot, path.join(reportsDir, 'hang'))}/jest-environment-node/ and ws-isolation/\n`,
);

// The demonstration holds when plain Jest hangs in teardown and ours does not hang at all.
const parallel = (report) => report.tests.find((test) => test.name === 'test_parallel_connections');
const reproduced =
  parallel(plain.report)?.isolated.status === 'hang' && parallel(plain.report)?.isolated.phase === 'teardown';
const bounded =
  isolated.report.tests.every((test) => test.isolated.status !== 'hang' && test.suite.status !== 'hang') &&
  !isolated.report.suite.exitHang;
process.stdout.write(
  reproduced && bounded
    ? 'As expected: the hang reproduces under jest-environment-node, and under @ws-isolation/jest-environment the teardown is bounded and explained.\n'
    : `Unexpected: hang reproduced under jest-environment-node: ${reproduced}; bounded under @ws-isolation/jest-environment: ${bounded}\n`,
);
process.exitCode = reproduced && bounded ? 0 : 1;
