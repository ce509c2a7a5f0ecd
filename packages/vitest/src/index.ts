export { EnvironmentError, EnvironmentErrorCode, LeakError, TeardownTimeoutError } from '@ws-isolation/isolation-core';
export type { AllowedLeak, LeakOutcome, LeakPolicy, LogLevel } from '@ws-isolation/isolation-core';
export { TEST_SCOPE, FILE_SCOPE } from '@ws-isolation/isolation-core';
export { OPTIONS_KEY, resolveOptions } from './options';
export type { ResolvedVitestIsolationOptions, VitestIsolationOptions } from './options';
