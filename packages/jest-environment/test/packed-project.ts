import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const packageDir = path.resolve(__dirname, '..');
const registryDir = path.resolve(packageDir, '..', 'registry');

export interface PackedProject {
  /** The temp dir holding the project and the tarballs; remove it when done. */
  readonly work: string;
  readonly project: string;
  readonly jestBin: string;
}

function exec(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
}

function pack(dir: string, destination: string): string {
  const printed = exec('pnpm', ['pack', '--pack-destination', destination], dir).trim().split('\n').pop()!.trim();
  return path.isAbsolute(printed) ? printed : path.join(destination, path.basename(printed));
}

/**
 * The package as users get it: packed with its registry dependency (and the
 * workspace packages named in `workspacePackages`, by directory name) and
 * installed with plain npm, with `packages` (Jest among them), into a project
 * outside the workspace made of `copies` (`[from, to]`, `to` relative to the project).
 */
export function installPackedProject(
  name: string,
  copies: ReadonlyArray<readonly [string, string]>,
  packages: readonly string[],
  workspacePackages: readonly string[] = [],
): PackedProject {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `wsi-${name}-`));
  const tarballs = path.join(work, 'tarballs');
  const project = path.join(work, 'project');
  fs.mkdirSync(tarballs);
  fs.mkdirSync(project);
  for (const [from, to] of copies) fs.cpSync(from, path.join(project, to), { recursive: true });
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true }));
  const files = [registryDir, packageDir, ...workspacePackages.map((dir) => path.resolve(packageDir, '..', dir))].map(
    (dir) => pack(dir, tarballs),
  );
  exec(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel', 'error', '--prefer-offline', ...files, ...packages],
    project,
  );
  return { work, project, jestBin: path.join(project, 'node_modules', 'jest', 'bin', 'jest.js') };
}
