import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { IsolationError, IsolationErrorCode } from '../errors';

/** The project's own Jest: the runner never brings one. */
export interface JestInstallation {
  /** Absolute path of Jest's bin script (`jest/bin/jest.js`). */
  bin: string;
  version: string;
  /** The directory of the `jest` package, to resolve Jest's own dependencies from. */
  packageDir: string;
  /** jest-runner's entry point (the warm runner finds jest-worker from it), found through `@jest/core`. */
  jestRunner: string;
  /** jest-runner's test worker, which runs one test file per call. */
  testWorker: string;
}

/** Finds the `jest` a project would run, resolving from its directory like Node does. */
export function findJest(cwd: string): JestInstallation {
  const requireFromProject = createRequire(join(cwd, 'package.json'));
  let manifestPath: string;
  try {
    // `jest/package.json` is exported; the bin path is read from it rather than guessed.
    manifestPath = requireFromProject.resolve('jest/package.json');
  } catch (error) {
    throw new IsolationError(
      IsolationErrorCode.JEST_NOT_FOUND,
      `Cannot find the package "jest" from ${JSON.stringify(cwd)}; install it in the project (npm install --save-dev jest)`,
      { cause: error },
    );
  }
  const packageDir = dirname(manifestPath);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: unknown; bin?: unknown };
  const binField =
    typeof manifest.bin === 'string'
      ? manifest.bin
      : ((manifest.bin as Record<string, string> | undefined)?.jest ?? './bin/jest.js');
  // pnpm installs strictly: jest-runner is reachable only through the packages that depend on it.
  const core = createRequire(manifestPath).resolve('@jest/core');
  const jestRunner = createRequire(core).resolve('jest-runner');
  return {
    bin: join(packageDir, binField),
    version: String(manifest.version ?? 'unknown'),
    packageDir,
    jestRunner,
    testWorker: join(dirname(jestRunner), 'testWorker.js'),
  };
}
