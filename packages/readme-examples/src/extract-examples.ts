/** A fenced TypeScript block of a README. */
export interface Example {
  /** The README, as given to `extractExamples`. */
  readonly file: string;
  /** 1-based line of the block's first code line in the README. */
  readonly line: number;
  readonly code: string;
  /** The reason given by the block's opt-out marker; absent when the block is checked. */
  readonly notChecked?: string;
}

// A block opts out only with this first line, which readers see too, and a reason after it.
const OPT_OUT = /^\/\/ not type-checked(?::\s*(.*))?$/;
const OPENING_FENCE = /^(`{3,})(?:ts|typescript)\s*$/;

/** An opt-out marker without a reason. */
export class MissingReasonError extends Error {
  readonly code = 'ERR_WSI_EXAMPLE_NO_REASON';
  constructor(file: string, line: number) {
    super(`${file}:${line}: "// not type-checked" needs a reason after a colon`);
    this.name = 'MissingReasonError';
  }
}

/** Every ```ts (or ```typescript) block of a Markdown text, in order. */
export function extractExamples(markdown: string, file: string): Example[] {
  const lines = markdown.split('\n');
  const examples: Example[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const fence = OPENING_FENCE.exec(lines[index] ?? '');
    if (fence === null) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !(lines[end] ?? '').startsWith(fence[1] ?? '```')) end += 1;
    const body = lines.slice(start, end);
    examples.push(toExample(file, start + 1, body));
    index = end;
  }
  return examples;
}

function toExample(file: string, line: number, body: string[]): Example {
  const marker = OPT_OUT.exec((body[0] ?? '').trim());
  const code = body.join('\n');
  if (marker === null) return { file, line, code };
  const reason = (marker[1] ?? '').trim();
  if (reason === '') throw new MissingReasonError(file, line);
  return { file, line, code, notChecked: reason };
}
