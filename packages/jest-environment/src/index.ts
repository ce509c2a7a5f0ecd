import { WsIsolationEnvironment } from './environment';

export { WsIsolationEnvironment };
export { WsIsolationEnvironment as TestEnvironment };
export { EnvironmentError, EnvironmentErrorCode } from './errors';
export { LeakError } from './leak-error';
export { TeardownTimeoutError } from './teardown-timeout-error';
export { DEFAULT_OPTIONS, OPTIONS_KEY, resolveOptions } from './options';
export type { AllowedLeak, LeakPolicy, LogLevel, ResolvedOptions, WsIsolationOptions } from './options';
export type { LeakOutcome } from './leak';
export { TEST_SCOPE, FILE_SCOPE } from './scopes';

// eslint-disable-next-line no-restricted-syntax -- Jest loads a test environment from the module's default export.
export default WsIsolationEnvironment;
