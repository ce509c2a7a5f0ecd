/**
 * `@ws-isolation/core/testing`: what a test of code built on a connection
 * needs and an application does not. The same `ManualClock` the ws-isolation
 * packages test themselves with.
 */
export { ManualClock } from '@ws-isolation/internal';
