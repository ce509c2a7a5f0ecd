/** How many frames a socket's creation stack keeps: enough to get from Node's net internals up to the test. */
const FRAME_LIMIT = 40;

/**
 * The stack from the caller of `above` outward, as `at …` lines, without
 * Node's own frames (`node:net`, `node:diagnostics_channel`), so the first
 * frame is library or test code.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function captureStack(above: Function): string {
  const holder: { stack?: string } = {};
  const previousLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = FRAME_LIMIT;
  try {
    Error.captureStackTrace(holder, above);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  return userCallFrames(holder.stack ?? '');
}

/** The `at …` lines of a stack without Node's own frames. */
export function userCallFrames(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at ') && !/\(node:|at node:/.test(line))
    .join('\n');
}

/** Drops Jest's own frames (jest-circus, jest-runner, …) from a stack printed outside Jest's formatter. */
export function userFrames(stack: string): string {
  return stack
    .split('\n')
    .filter(
      (line) =>
        !/[\\/]node_modules[\\/](?:\.pnpm[\\/][^\\/]+[\\/]node_modules[\\/])?(?:jest-[^\\/]+|@jest[\\/][^\\/]+)[\\/]/.test(
          line,
        ),
    )
    .join('\n');
}
