import { CodedError } from '@ws-isolation/internal';

/** Stable error codes of the isolation (the Jest environment, the Vitest setup); each is listed in their READMEs. */
export const EnvironmentErrorCode = {
  /** An isolation option is unknown or has the wrong type or range. */
  INVALID_OPTION: 'ERR_WSI_INVALID_OPTION',
  /** A test (or the file) left an instance or a socket open; cleanup closed it. */
  LEAK: 'ERR_WSI_LEAK',
  /** Cleanup (or one of the environment's handlers) ran past `teardownTimeoutMs`. */
  TEARDOWN_TIMEOUT: 'ERR_WSI_TEARDOWN_TIMEOUT',
  /** The isolation itself failed while handling a test runner's event; reported instead of thrown. */
  INTERNAL: 'ERR_WSI_ENVIRONMENT_INTERNAL',
} as const;

export type EnvironmentErrorCode = (typeof EnvironmentErrorCode)[keyof typeof EnvironmentErrorCode];

/** Every error this package makes; `code` is stable, the message is for people. */
export class EnvironmentError extends CodedError<EnvironmentErrorCode> {
  constructor(code: EnvironmentErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'EnvironmentError';
    // Node's own style, `Name [CODE]: message`, so the code shows wherever only the stack is printed (Jest and Vitest do that).
    if (typeof this.stack === 'string')
      this.stack = this.stack.replace(/^EnvironmentError: /, `EnvironmentError [${code}]: `);
  }
}
