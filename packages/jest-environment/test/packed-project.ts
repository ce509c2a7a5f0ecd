import fs from 'node:fs';
import path from 'node:path';
import { installPackedProject as installPacked } from '@ws-isolation/test-utils';

const packageDir = path.resolve(__dirname, '..');
const registryDir = path.resolve(packageDir, '..', 'registry');

export interface PackedProject {
  /** The temp dir holding the project and the tarballs; remove it when done. */
  readonly work: string;
  readonly project: string;
  readonly jestBin: string;
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
  const { work, project } = installPacked({
    name,
    packages: [registryDir, packageDir, ...workspacePackages.map((dir) => path.resolve(packageDir, '..', dir))],
    fromNpm: packages,
    fill: (into) => {
      for (const [from, to] of copies) fs.cpSync(from, path.join(into, to), { recursive: true });
    },
    timeoutMs: 240_000,
  });
  return { work, project, jestBin: path.join(project, 'node_modules', 'jest', 'bin', 'jest.js') };
}
