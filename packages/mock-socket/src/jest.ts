import { invalidArgument } from './errors';
import { mockSocketMatchers } from './matchers';

export { mockSocketMatchers } from './matchers';
export type { MatcherResult, MessageSource } from './matchers';
export type { MatcherContext } from './partial-match';
export type { MockSocketMatchers } from './matcher-types';

/**
 * Adds the matchers to Jest's `expect` (the global one unless you pass
 * yours). Importing this module does nothing by itself; call this in a
 * setup file or a test.
 *
 * @example
 * import { registerMatchers } from '@ws-isolation/mock-socket/jest';
 * registerMatchers();
 */
export function registerMatchers(target?: { extend(matchers: Record<string, unknown>): void }): void {
  const expectFn = target ?? (globalThis as { expect?: { extend(matchers: Record<string, unknown>): void } }).expect;
  if (expectFn === undefined || typeof expectFn.extend !== 'function') {
    throw invalidArgument('registerMatchers(expect)', 'Jest’s expect (run it inside Jest, or pass expect)', expectFn);
  }
  expectFn.extend(mockSocketMatchers);
}
