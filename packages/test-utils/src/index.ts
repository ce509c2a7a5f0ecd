export { waitForEvent } from './wait-for-event';
export type { WaitForEventOptions } from './wait-for-event';
export { withTimeout, deferred, WaitTimeoutError } from './timeout';
export { ManualClock, flushMicrotasks } from './manual-clock';
export type { Clock } from './manual-clock';
export { thrownBy } from './thrown-by';
