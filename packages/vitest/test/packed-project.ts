import fs from 'node:fs';
import path from 'node:path';
import { installPackedProject } from '@ws-isolation/test-utils';

const packagesDir = path.resolve(__dirname, '..', '..');

/** Vitest and what the fixture files import, at the versions this package is developed with. */
const FROM_NPM = ['vitest@4.1.12', 'ws@8.23.0'];

export interface PackedVitestProject {
  /** The temp dir holding the project and the tarballs; remove it when done. */
  readonly work: string;
  readonly project: string;
  readonly vitestBin: string;
}

/**
 * The packages as users get them: this one, registry and mock-socket packed
 * from the workspace and installed with plain npm, with Vitest and ws, into a
 * project outside the workspace holding a copy of `fixtureDir`.
 */
export function installPackedVitestProject(fixtureDir: string): PackedVitestProject {
  const { work, project } = installPackedProject({
    name: 'vitest-consumer',
    packages: ['registry', 'mock-socket', 'vitest'].map((dir) => path.join(packagesDir, dir)),
    fromNpm: FROM_NPM,
    packageJson: { type: 'module' },
    fill: (into) => fs.cpSync(fixtureDir, into, { recursive: true }),
    timeoutMs: 300_000,
  });
  return { work, project, vitestBin: path.join(project, 'node_modules', 'vitest', 'vitest.mjs') };
}
