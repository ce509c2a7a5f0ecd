export { createThrottle } from './create-throttle';
export type { Throttle, ThrottleStats } from './throttle';
export type { Permit } from './permit';
export { DEFAULT_MAX_QUEUE } from './options';
export type { AcquireOptions, RateOption, ThrottleOptions } from './options';
export type { StoreThrottleOptions, ThrottleStore } from './store';
export { systemClock } from './clock';
export type { ThrottleClock } from './clock';
export { ThrottleError, ThrottleErrorCode } from './errors';
