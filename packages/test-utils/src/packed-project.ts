import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A project outside the workspace with packed workspace packages installed in it. */
export interface PackedProject {
  /** The temp dir holding the project and the tarballs; remove it when done. */
  readonly work: string;
  readonly project: string;
}

export interface PackedProjectOptions {
  /** The project's package name; the temp dir is named after it. */
  name: string;
  /** Workspace package directories, packed with `pnpm pack` and installed from the tarballs, as users get them. */
  packages: readonly string[];
  /** What comes from the npm registry, pinned (e.g. `jest@30.5.2`). */
  fromNpm: readonly string[];
  /** Fields of the project's package.json beyond name, version and private (e.g. `type`). */
  packageJson?: Record<string, unknown>;
  /** Fills the project directory (it exists and is empty) before the install. */
  fill(project: string): void;
  /** The bound of each command (pack, install). */
  timeoutMs: number;
}

/** Packs the workspace packages and installs them with plain npm into a fresh project. */
export function installPackedProject(options: PackedProjectOptions): PackedProject {
  const { name, timeoutMs } = options;
  const exec = (command: string, args: string[], cwd: string): string =>
    execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `wsi-${name}-`));
  const tarballs = path.join(work, 'tarballs');
  const project = path.join(work, 'project');
  fs.mkdirSync(tarballs);
  fs.mkdirSync(project);
  options.fill(project);
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', private: true, ...options.packageJson }),
  );
  const files = options.packages.map((dir) => {
    const printed = exec('pnpm', ['pack', '--pack-destination', tarballs], dir).trim().split('\n').pop()!.trim();
    return path.isAbsolute(printed) ? printed : path.join(tarballs, path.basename(printed));
  });
  exec(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel', 'error', '--prefer-offline', ...files, ...options.fromNpm],
    project,
  );
  return { work, project };
}
