// The matchers' types, added to both of Jest's `expect`s: the global one
// (`jest.Matchers`, from @types/jest) and the one imported from
// `@jest/globals` (the `expect` package's `Matchers`). Each declaration
// repeats its host's type parameters exactly, as merging requires.

/** What `registerMatchers()` adds to `expect(...)`. */
export interface MockSocketMatchers<R> {
  /** Waits for the next message of a MockServer or connection and matches it (objects partially, via JSON). */
  toReceiveMessage(expected: unknown, options?: { timeoutMs?: number }): Promise<R>;
  /** The messages received so far contain these, in order, each matched as in toReceiveMessage. */
  toHaveReceivedMessages(expected: readonly unknown[]): R;
}

/* eslint-disable @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars */
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R, T = {}> extends MockSocketMatchers<R> {}
  }
}

declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends MockSocketMatchers<R> {}
}
/* eslint-enable @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars */
