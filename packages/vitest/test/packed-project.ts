import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const packagesDir = path.resolve(__dirname, '..', '..');

/** Vitest and what the fixture files import, at the versions this package is developed with. */
const FROM_NPM = ['vitest@4.1.12', 'ws@8.23.0'];

export interface PackedVitestProject {
  /** The temp dir holding the project and the tarballs; remove it when done. */
  readonly work: string;
  readonly project: string;
  readonly vitestBin: string;
}

function exec(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
}

function pack(dir: string, destination: string): string {
  const printed = exec('pnpm', ['pack', '--pack-destination', destination], dir).trim().split('\n').pop()!.trim();
  return path.isAbsolute(printed) ? printed : path.join(destination, path.basename(printed));
}

/**
 * The packages as users get them: this one, registry and mock-socket packed
 * from the workspace and installed with plain npm, with Vitest and ws, into a
 * project outside the workspace holding a copy of `fixtureDir`.
 */
export function installPackedVitestProject(fixtureDir: string): PackedVitestProject {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wsi-vitest-'));
  const tarballs = path.join(work, 'tarballs');
  const project = path.join(work, 'project');
  fs.mkdirSync(tarballs);
  fs.cpSync(fixtureDir, project, { recursive: true });
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'vitest-consumer', version: '1.0.0', private: true, type: 'module' }),
  );
  const files = ['registry', 'mock-socket', 'vitest'].map((dir) => pack(path.join(packagesDir, dir), tarballs));
  exec(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel', 'error', '--prefer-offline', ...files, ...FROM_NPM],
    project,
  );
  return { work, project, vitestBin: path.join(project, 'node_modules', 'vitest', 'vitest.mjs') };
}
