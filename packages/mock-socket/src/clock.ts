import type { Clock } from '@ws-isolation/internal';

/**
 * The clock a server's latency and delayed opens run on: the shape every
 * ws-isolation package accepts (`now`, `setTimeout`, `clearTimeout`), so a
 * test can pass a simulated one and drive time instead of sleeping.
 */
export type MockClock = Clock;
