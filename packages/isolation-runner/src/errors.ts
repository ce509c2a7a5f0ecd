import { CodedError } from '@ws-isolation/internal';

/** Stable error codes of @ws-isolation/isolation-runner; each is listed in the README. */
export const IsolationErrorCode = {
  /** An option or CLI flag had the wrong type or range, or is unknown. */
  INVALID_OPTION: 'ERR_WSI_INVALID_OPTION',
  /** The project has no `jest` that `require.resolve` can find from its directory. */
  JEST_NOT_FOUND: 'ERR_WSI_JEST_NOT_FOUND',
  /** Jest could not list the project's tests (bad config, or the listing timed out). */
  LIST_FAILED: 'ERR_WSI_LIST_FAILED',
  /** The project (after `filter`) has no test to run. */
  NO_TESTS: 'ERR_WSI_NO_TESTS',
  /** `merge` got a file that is not a shard's JSON report, or shards that do not make one whole run. */
  BAD_REPORT: 'ERR_WSI_BAD_REPORT',
} as const;

export type IsolationErrorCode = (typeof IsolationErrorCode)[keyof typeof IsolationErrorCode];

/** Thrown for bad input or a project the runner cannot work with. */
export class IsolationError extends CodedError<IsolationErrorCode> {
  /** For ERR_WSI_INVALID_OPTION: the `runIsolation()` option at fault (the CLI names its flag instead). */
  readonly option: string | undefined;

  constructor(code: IsolationErrorCode, message: string, options?: { cause?: unknown; option?: string }) {
    super(code, message, options);
    this.name = 'IsolationError';
    this.option = options?.option;
  }
}
