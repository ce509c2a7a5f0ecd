// `pnpm demo`: the isolation report of the six-test suite, made by the
// isolation runner (each test alone, then the whole suite), on the mock
// transport and on a real `ws` server on 127.0.0.1.
import path from 'node:path';
import { repoRoot, reportsDir } from './paths.mjs';
import { runRunner } from './run-runner.mjs';

const runs = [
  { transport: 'mock', out: reportsDir },
  { transport: 'ws', out: path.join(reportsDir, 'ws') },
];

let failed = false;
for (const { transport, out } of runs) {
  process.stdout.write(`\n=== Isolation suite on the ${transport} transport ===\n\n`);
  const { exitCode, markdown } = await runRunner({
    out,
    args: ['--timeout', '20000'],
    env: { WSI_TRANSPORT: transport },
  });
  process.stdout.write(`\n${markdown}\n`);
  if (exitCode !== 0) failed = true;
}
const shown = path.relative(repoRoot, reportsDir);
process.stdout.write(
  `Reports: ${shown}/isolation-results.md, .json, .html and junit.xml (mock transport); ${shown}/ws/ (real ws)\n`,
);
process.exitCode = failed ? 1 : 0;
