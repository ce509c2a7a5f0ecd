export { waitForEvent } from './wait-for-event';
export type { WaitForEventOptions } from './wait-for-event';
export { withTimeout, deferred, WaitTimeoutError } from './timeout';
export { ManualClock, flushMicrotasks } from '@ws-isolation/internal';
export type { Clock } from '@ws-isolation/internal';
export { thrownBy } from './thrown-by';
export { trackConcurrency } from './concurrency';
export type { Concurrency } from './concurrency';
export { runJest, runWithJsonResults, fileResult, testResult, leakLocation } from './run-jest';
export type {
  AssertionResult,
  FailureDetail,
  FileResult,
  JestJson,
  JestRun,
  RunJestOptions,
  RunWithJsonResultsOptions,
} from './run-jest';
export { installPackedProject } from './packed-project';
export type { PackedProject, PackedProjectOptions } from './packed-project';
export { testInstance } from './test-instance';
export type { TestInstance } from './test-instance';
export { sessionTransports } from './session-server/session-transports';
export type { SessionTransport, SessionTransportParts } from './session-server/session-transports';
export type { SessionServer, SessionServerOptions, SessionTypes } from './session-server/session-server';
