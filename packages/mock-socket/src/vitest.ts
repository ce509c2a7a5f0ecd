import type {} from 'vitest';
import { invalidArgument } from './errors';
import type { MockSocketMatchers } from './matcher-types';
import { mockSocketMatchers } from './matchers';

export { mockSocketMatchers } from './matchers';
export type { MatcherResult, MessageSource } from './matchers';
export type { MockSocketMatchers } from './matcher-types';

/**
 * Adds the matchers to Vitest's `expect`. Vitest's globals are off by
 * default, so pass the `expect` you import from `vitest`; call this in a setup
 * file or a test. The matchers read only what Jest's and Vitest's matcher
 * contexts share (`equals`, `utils.printReceived`/`printExpected`).
 *
 * @example
 * // vitest.setup.ts (in `test.setupFiles`)
 * import { expect } from 'vitest';
 * import { registerMatchers } from '@ws-isolation/mock-socket/vitest';
 * registerMatchers(expect);
 */
export function registerMatchers(expect: { extend(matchers: Record<string, unknown>): void }): void {
  // Checked at run time too: JavaScript callers (and `registerMatchers()` with no argument) get a coded error.
  if (typeof (expect as { extend?: unknown } | null | undefined)?.extend !== 'function') {
    throw invalidArgument('registerMatchers(expect)', 'Vitest’s expect (import { expect } from "vitest")', expect);
  }
  expect.extend(mockSocketMatchers);
}

/* eslint-disable @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars, @typescript-eslint/no-explicit-any */
declare module 'vitest' {
  // Vitest's own declaration, type parameter and default included, as merging requires.
  interface Assertion<T = any> extends MockSocketMatchers<void> {}
}
/* eslint-enable @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars, @typescript-eslint/no-explicit-any */
