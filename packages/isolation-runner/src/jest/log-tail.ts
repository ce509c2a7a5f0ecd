/** One line a Jest process wrote, with when it arrived. */
export interface LogLine {
  time: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

/**
 * Keeps the last `limit` lines of a process's output. Partial lines are held
 * per stream until their newline (or `flush`), so stdout and stderr never mix
 * inside one line.
 */
export class LogTail {
  readonly #limit: number;
  readonly #now: () => number;
  #lines: LogLine[] = [];
  #partial: Record<LogLine['stream'], string> = { stdout: '', stderr: '' };

  constructor(limit: number, now: () => number) {
    this.#limit = limit;
    this.#now = now;
  }

  push(stream: LogLine['stream'], chunk: string): void {
    const parts = (this.#partial[stream] + chunk).split('\n');
    this.#partial[stream] = parts.pop() ?? '';
    for (const part of parts) this.#add(stream, part);
  }

  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.#partial[stream] !== '') this.#add(stream, this.#partial[stream]);
      this.#partial[stream] = '';
    }
  }

  lines(): LogLine[] {
    return [...this.#lines];
  }

  #add(stream: LogLine['stream'], raw: string): void {
    const text = raw.replace(ANSI, '').replace(/\r$/, '');
    if (text.trim() === '') return;
    this.#lines.push({ time: this.#now(), stream, text });
    if (this.#lines.length > this.#limit) this.#lines.shift();
  }
}
