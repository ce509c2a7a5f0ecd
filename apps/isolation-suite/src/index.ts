export { startSessionServer } from './session-server';
export type { SessionServer, SessionServerOptions } from './session-server';
export { readSuiteConfig, SuiteConfigError } from './suite-config';
export type { Fault, SuiteConfig, Transport } from './suite-config';
export { debugLog } from './debug-log';
