import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const appDir = path.resolve(__dirname, '..', '..');

// `pnpm demo` spawns the runner's CLI file; on a fresh clone no node_modules/.bin
// link exists for it (the file is built after the install), so the scripts
// resolve it through the runner's package.json.
describe('the demo scripts', () => {
  it('find the ws-isolation CLI file, and it runs', () => {
    const printed = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import('./scripts/paths.mjs').then((paths) => process.stdout.write(paths.runnerBin))",
      ],
      {
        cwd: appDir,
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(printed.status).toBe(0);
    const runnerBin = printed.stdout;
    expect(path.isAbsolute(runnerBin)).toBe(true);
    expect(fs.existsSync(runnerBin)).toBe(true);

    const help = spawnSync(process.execPath, [runnerBin, '--help'], { cwd: appDir, encoding: 'utf8', timeout: 30_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ws-isolation/);
  });
});
