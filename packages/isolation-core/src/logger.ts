import type { RegistryEvent } from '@ws-isolation/registry';
import type { LogLevel } from './options';

/** Where log lines go and what time it is; the environment passes the outer realm's stderr and clock. */
export interface LoggerSink {
  write(line: string): void;
  now(): number;
}

/**
 * Writes `LEVEL: message [file +elapsed ms]` lines. `warn` always prints
 * (leaks under `onLeak: 'warn'`, watchdog reports); `info` and `debug`
 * print at their level. Messages are built lazily so a quiet logger costs nothing.
 */
export class Logger {
  readonly level: LogLevel;
  readonly #sink: LoggerSink;
  readonly #tag: string;
  readonly #startedAt: number;

  constructor(level: LogLevel, sink: LoggerSink, tag: string) {
    this.level = level;
    this.#sink = sink;
    this.#tag = tag;
    this.#startedAt = sink.now();
  }

  get debugEnabled(): boolean {
    return this.level === 'debug';
  }

  debug(message: () => string): void {
    if (this.level === 'debug') this.#write('DEBUG', message());
  }

  info(message: () => string): void {
    if (this.level !== false) this.#write('INFO', message());
  }

  warn(message: string): void {
    this.#write('WARN', message);
  }

  #write(level: string, message: string): void {
    const elapsed = Math.round(this.#sink.now() - this.#startedAt);
    try {
      this.#sink.write(`${level}: ${message} [${this.#tag} +${elapsed} ms]\n`);
    } catch {
      // A closed stderr must not break cleanup.
    }
  }
}

/** One debug line per registry event, so a hang can be read from the log. */
export function describeRegistryEvent(event: RegistryEvent): string {
  switch (event.type) {
    case 'track':
      return `Tracking instance ${event.entry.id} (${event.entry.label}) in scope ${event.entry.scope}`;
    case 'untrack':
      return `Untracked instance ${event.entry.id} (${event.entry.label})`;
    case 'cleanup-start':
      return `Cleanup of scope ${event.scope ?? '*'} started: ${event.count} instance(s), timeout ${event.timeoutMs} ms`;
    case 'closed':
      return `Closed instance ${event.entry.id} (${event.entry.label}) after ${Math.round(event.elapsedMs)} ms`;
    case 'forced':
      return `Forcing cleanup of instance ${event.entry.id} (${event.entry.label}): close did not settle in ${Math.round(event.elapsedMs)} ms; terminated`;
    case 'failed':
      return `Cleanup of instance ${event.entry.id} (${event.entry.label}) failed after ${Math.round(event.elapsedMs)} ms: ${String(event.entry.error)}`;
    case 'cleanup-end': {
      const { closed, forced, failed, durationMs } = event.report;
      return `Cleanup finished in ${Math.round(durationMs)} ms: ${closed.length} closed, ${forced.length} forced, ${failed.length} failed`;
    }
  }
}
