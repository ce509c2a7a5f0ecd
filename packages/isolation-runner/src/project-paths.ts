import { statSync } from 'node:fs';
import { IsolationError, IsolationErrorCode } from './errors';
import { show } from './options';

/**
 * Checks that `cwd` is a directory and `config` (when given) a file, before
 * anything is spawned: a missing project or config file is bad input, named as
 * such, not a failure of Jest to find or list tests.
 */
export function assertProjectPaths(paths: { cwd: string; config?: string | undefined }): void {
  if (statSync(paths.cwd, { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new IsolationError(
      IsolationErrorCode.INVALID_OPTION,
      `cwd must be an existing directory; received ${show(paths.cwd)}`,
      { option: 'cwd' },
    );
  }
  if (paths.config !== undefined && statSync(paths.config, { throwIfNoEntry: false })?.isFile() !== true) {
    throw new IsolationError(
      IsolationErrorCode.INVALID_OPTION,
      `config must be an existing file; received ${show(paths.config)}`,
      { option: 'config' },
    );
  }
}
