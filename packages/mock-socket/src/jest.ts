import { invalidOption } from './errors';
import { mockSocketMatchers } from './matchers';

export { mockSocketMatchers } from './matchers';
export type { MatcherResult, MessageSource } from './matchers';
export type { MatcherContext } from './partial-match';

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
    throw invalidOption('registerMatchers(expect)', 'Jest’s expect (run it inside Jest, or pass expect)', expectFn);
  }
  expectFn.extend(mockSocketMatchers);
}

declare global {
  // Augments Jest's matcher types (@types/jest) when they are present.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** Waits for the next message of a MockServer or connection and matches it (objects partially, via JSON). */
      toReceiveMessage(expected: unknown, options?: { timeoutMs?: number }): Promise<R>;
      /** The messages received so far contain these, in order, each matched as in toReceiveMessage. */
      toHaveReceivedMessages(expected: readonly unknown[]): R;
    }
  }
}
