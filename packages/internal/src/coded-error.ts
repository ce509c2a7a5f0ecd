/**
 * The shape of every error a ws-isolation package throws: a stable string
 * `code` (`ERR_WSI_*`, listed in the package README) that tests and callers
 * branch on, a message for people, and an optional `cause`. Each package
 * extends it once (`CoreError`, `RegistryError`, ...) and sets `name`.
 */
export class CodedError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CodedError';
    this.code = code;
  }
}

/** Whether a value carries the given `code`, by shape, so errors from another copy of a package count too. */
export function hasErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
