import { WsIsolationEnvironment } from './environment';

export { WsIsolationEnvironment };
export { WsIsolationEnvironment as TestEnvironment };
export { EnvironmentError, EnvironmentErrorCode, LeakError, TeardownTimeoutError } from '@ws-isolation/isolation-core';
export { DEFAULT_OPTIONS, OPTIONS_KEY, resolveOptions } from './options';
export type { ResolvedOptions, WsIsolationOptions } from './options';
export type { AllowedLeak, LeakOutcome, LeakPolicy, LogLevel } from '@ws-isolation/isolation-core';
export { TEST_SCOPE, FILE_SCOPE } from '@ws-isolation/isolation-core';

// eslint-disable-next-line no-restricted-syntax -- Jest loads a test environment from the module's default export.
export default WsIsolationEnvironment;
