/** How many frames a creation stack keeps unless the caller asks for more. */
export const DEFAULT_STACK_FRAMES = 20;

export interface CaptureStackOptions {
  /**
   * How many frames to capture.
   * @default 20
   */
  frames?: number;
  /**
   * Drop Node's own frames (`node:net`, `node:internal/...`), so the first line is library or user code.
   * @default false
   */
  dropNodeFrames?: boolean;
}

/**
 * Captures the stack from the caller of `above` outward (so a constructor
 * passes itself, and the first frame is the line that called `new`). Capturing
 * is cheap; formatting into `at …` lines happens on the first call of the
 * returned function, because most objects close cleanly and nobody ever reads
 * their creation stack.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function captureStack(above: Function, options: CaptureStackOptions = {}): () => string {
  const holder: { stack?: string } = {};
  const previousLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = options.frames ?? DEFAULT_STACK_FRAMES;
  try {
    Error.captureStackTrace(holder, above);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  const dropNodeFrames = options.dropNodeFrames ?? false;
  let formatted: string | undefined;
  return () => (formatted ??= trimStack(holder.stack ?? '', { dropNodeFrames }));
}

/** Keeps only the `at …` frame lines of a V8 stack (and, if asked, drops Node's own frames). */
export function trimStack(stack: string, options: { dropNodeFrames?: boolean } = {}): string {
  return stack
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at ') && !(options.dropNodeFrames && isNodeFrame(line)))
    .join('\n');
}

function isNodeFrame(line: string): boolean {
  return /\(node:|at node:/.test(line);
}
