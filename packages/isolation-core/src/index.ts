export { IsolationSession } from './isolation-session';
export type { IsolationSessionInit } from './isolation-session';
export { EnvironmentError, EnvironmentErrorCode } from './errors';
export { LeakError } from './leak-error';
export { TeardownTimeoutError } from './teardown-timeout-error';
export type { LeakOutcome } from './leak';
export {
  DEFAULT_ISOLATION_OPTIONS,
  readChoice,
  readIsolationOptions,
  readOptionObject,
  resolveIsolationOptions,
} from './options';
export type { AllowedLeak, IsolationOptions, LeakPolicy, LogLevel, ResolvedIsolationOptions } from './options';
export { FILE_SCOPE, TEST_SCOPE } from './scopes';
export type { IsolationScope } from './scopes';
export { SocketWatcher } from './socket-watcher';
export type { SocketCreator } from './socket-watcher';
export { CREATION_STACK } from './creation-stack';
