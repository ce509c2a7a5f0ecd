export { waitForEvent } from './wait-for-event';
export type { WaitForEventOptions } from './wait-for-event';
export { withTimeout, deferred, WaitTimeoutError } from './timeout';
export { ManualClock, flushMicrotasks } from '@ws-isolation/internal';
export type { Clock } from '@ws-isolation/internal';
export { thrownBy } from './thrown-by';
