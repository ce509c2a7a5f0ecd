import {
  DEFAULT_ISOLATION_OPTIONS,
  readChoice,
  readIsolationOptions,
  readOptionObject,
  type IsolationOptions,
} from '@ws-isolation/isolation-core';

/** The one key under `testEnvironmentOptions` this environment reads. */
export const OPTIONS_KEY = 'wsIsolation';

/**
 * Options under `testEnvironmentOptions.wsIsolation` (or the
 * `@jest-environment-options` docblock). Plain JSON, so they survive Jest's
 * trip to its worker processes.
 *
 * @example
 * // jest.config.js
 * module.exports = {
 *   testEnvironment: '@ws-isolation/jest-environment',
 *   testEnvironmentOptions: { wsIsolation: { onLeak: 'fail', cleanupTimeoutMs: 500 } },
 * };
 */
export interface WsIsolationOptions extends IsolationOptions {
  /**
   * Only under `@ws-isolation/jest-environment/jsdom`: the page's `WebSocket`
   * is `MockWebSocket` from `@ws-isolation/mock-socket` (install it in the
   * project), so browser code runs against `MockServer`s with no network.
   * @default false
   */
  mockWebSocket?: boolean;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<WsIsolationOptions>;

export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  ...DEFAULT_ISOLATION_OPTIONS,
  mockWebSocket: false,
});

const PREFIX = `testEnvironmentOptions.${OPTIONS_KEY}`;

/** Validates the raw `wsIsolation` value eagerly and fills in defaults. */
export function resolveOptions(raw: unknown): ResolvedOptions {
  const input = readOptionObject(raw, PREFIX, ['mockWebSocket']);
  return {
    ...readIsolationOptions(input, PREFIX),
    mockWebSocket: readChoice(PREFIX, 'mockWebSocket', input.mockWebSocket, [true, false] as const, false),
  };
}
