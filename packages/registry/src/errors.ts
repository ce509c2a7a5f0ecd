import { CodedError } from '@ws-isolation/internal';

/** Stable error codes of @ws-isolation/registry; each is listed in the README. */
export const RegistryErrorCode = {
  /** `track()` got something without the tracked-instance shape. */
  INVALID_INSTANCE: 'ERR_WSI_INVALID_INSTANCE',
  /** An option had the wrong type or range (for example a negative timeout), or an unknown name. */
  INVALID_OPTION: 'ERR_WSI_INVALID_OPTION',
  /** `track()` named a scope for an instance that is already tracked in another scope. */
  ALREADY_TRACKED: 'ERR_WSI_ALREADY_TRACKED',
} as const;

export type RegistryErrorCode = (typeof RegistryErrorCode)[keyof typeof RegistryErrorCode];

/** Thrown for bad input; the registry stays usable afterwards. */
export class RegistryError extends CodedError<RegistryErrorCode> {
  constructor(code: RegistryErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'RegistryError';
  }
}
