import { closeSync, fstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_TIMELINE_MAX_BYTES,
  TIMELINE_DIR_ENV,
  TIMELINE_MAX_BYTES_ENV,
  TIMELINE_SCHEMA,
  type TimelineEvent,
} from './timeline-event';

/** An event as a recorder hands it over: the writer stamps nothing, so a recorder's clock decides `t`. */
type Writable = Exclude<TimelineEvent, { type: 'session' | 'truncated' | 'dropped' }>;

/**
 * Appends one test file's timeline events to its process's file, bounded:
 * past `maxBytes` (counted over the whole file, which every test file of the
 * process shares) it writes one `truncated` line and counts what it drops,
 * and `close()` writes that count. Each line is written at once, with a
 * synchronous write, so a process killed at a hang leaves every event up to
 * the kill. It never throws: a timeline that cannot be written is lost, the
 * test run is not.
 */
export class TimelineWriter {
  #fd: number | undefined;
  #bytes: number;
  readonly #maxBytes: number;
  readonly #file: string;
  readonly #now: () => number;
  #dropped = 0;
  readonly #droppedTypes: Record<string, number> = {};
  #truncated = false;

  /**
   * Opens the writer the runner asked for through `WSI_TIMELINE_DIR` (and
   * `WSI_TIMELINE_MAX_BYTES`), or returns `undefined` when it did not ask or
   * the directory cannot be written.
   */
  static fromEnv(
    testFile: string,
    now: () => number,
    env: NodeJS.ProcessEnv = process.env,
  ): TimelineWriter | undefined {
    const dir = env[TIMELINE_DIR_ENV];
    if (dir === undefined || dir === '') return undefined;
    const given = Number(env[TIMELINE_MAX_BYTES_ENV]);
    const maxBytes = Number.isSafeInteger(given) && given > 0 ? given : DEFAULT_TIMELINE_MAX_BYTES;
    try {
      mkdirSync(dir, { recursive: true });
      const fd = openSync(path.join(dir, `${process.pid}.jsonl`), 'a');
      return new TimelineWriter(fd, maxBytes, testFile, now);
    } catch {
      return undefined;
    }
  }

  private constructor(fd: number, maxBytes: number, file: string, now: () => number) {
    this.#fd = fd;
    this.#maxBytes = maxBytes;
    this.#file = file;
    this.#now = now;
    this.#bytes = safe(() => fstatSync(fd).size) ?? 0;
    this.#append(
      { type: 'session', t: now(), schema: TIMELINE_SCHEMA, pid: process.pid, ppid: process.ppid, file },
      false,
    );
  }

  write(event: Writable): void {
    this.#append(event, false);
  }

  /** Writes the count of what was dropped, if anything was, and closes the file. */
  close(): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    if (this.#dropped > 0) {
      const note = {
        type: 'dropped',
        t: this.#now(),
        file: this.#file,
        count: this.#dropped,
        types: this.#droppedTypes,
      };
      this.#append(note as TimelineEvent, true);
    }
    this.#fd = undefined;
    safe(() => closeSync(fd));
  }

  #append(event: TimelineEvent, pastBound: boolean): void {
    if (this.#fd === undefined) return;
    const line = `${JSON.stringify(event)}\n`;
    const size = Buffer.byteLength(line);
    if (!pastBound && this.#bytes + size > this.#maxBytes) {
      this.#dropped += 1;
      this.#droppedTypes[event.type] = (this.#droppedTypes[event.type] ?? 0) + 1;
      if (!this.#truncated && this.#bytes < this.#maxBytes) {
        this.#truncated = true;
        // Past the bound on purpose: the reader must see where the record stops being whole.
        this.#append({ type: 'truncated', t: event.t, maxBytes: this.#maxBytes }, true);
      }
      return;
    }
    const fd = this.#fd;
    if (safe(() => writeSync(fd, line)) !== undefined) this.#bytes += size;
  }
}

function safe<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch {
    return undefined;
  }
}
