import { closeSync, openSync, readSync } from 'node:fs';
import { parseEvents, type JestEvent } from './events';

/** Reads the events a reporter has appended to its file since the last read. */
export class EventStream {
  readonly #path: string;
  #offset = 0;
  #pending = '';
  readonly events: JestEvent[] = [];

  constructor(path: string) {
    this.#path = path;
  }

  /** Reads what is new; returns the complete events found. */
  poll(): JestEvent[] {
    const chunk = this.#readNew();
    if (chunk === '') return [];
    const text = this.#pending + chunk;
    const cut = text.lastIndexOf('\n');
    this.#pending = text.slice(cut + 1);
    const fresh = parseEvents(text.slice(0, cut + 1));
    this.events.push(...fresh);
    return fresh;
  }

  #readNew(): string {
    let fd: number;
    try {
      fd = openSync(this.#path, 'r');
    } catch {
      return '';
    }
    try {
      const parts: Buffer[] = [];
      const buffer = Buffer.alloc(64 * 1024);
      for (;;) {
        const read = readSync(fd, buffer, 0, buffer.length, this.#offset);
        if (read === 0) break;
        this.#offset += read;
        parts.push(Buffer.from(buffer.subarray(0, read)));
      }
      return Buffer.concat(parts).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }
}
