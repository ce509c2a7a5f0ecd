/**
 * Captures the stack from the caller of `above` outward. The frames are
 * captured now, but formatted into `at …` lines only when a report reads them:
 * most tracked instances close cleanly and nobody ever looks.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function captureCreationStack(above: Function): () => string {
  const holder: { stack?: string } = {};
  const previousLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 20;
  try {
    Error.captureStackTrace(holder, above);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  let formatted: string | undefined;
  return () => (formatted ??= trimStack(holder.stack ?? ''));
}

/** Keeps only the frame lines of a V8 stack. */
export function trimStack(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .join('\n');
}
