import type { Clock } from '@ws-isolation/internal';
import { encodePing, parseSessionMessage } from './protocol';
import type { IncomingData } from './messages';
import type { HeartbeatOptions } from './options';

/**
 * Pings over the session protocol (WHATWG clients cannot send ping frames) and
 * calls `onDead` when a pong is late: the half-open connection is detected
 * even though the socket never reports a close.
 */
export class Heartbeat {
  readonly #clock: Clock;
  readonly #options: HeartbeatOptions;
  readonly #send: (text: string) => void;
  readonly #onDead: () => void;
  #timer: unknown;
  #awaiting: number | undefined;
  #nextId = 1;
  #stopped = false;

  constructor(clock: Clock, options: HeartbeatOptions, send: (text: string) => void, onDead: () => void) {
    this.#clock = clock;
    this.#options = options;
    this.#send = send;
    this.#onDead = onDead;
  }

  start(): void {
    this.#schedulePing();
  }

  /** Consumes a `session.pong`; returns whether `data` was one (so it is not shown to the application). */
  handle(data: IncomingData): boolean {
    const message = parseSessionMessage(data);
    if (message?.type !== 'session.pong') return false;
    if (message.id === this.#awaiting && !this.#stopped) {
      this.#awaiting = undefined;
      this.#clock.clearTimeout(this.#timer);
      this.#schedulePing();
    }
    return true;
  }

  stop(): void {
    this.#stopped = true;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedulePing(): void {
    this.#timer = this.#clock.setTimeout(() => this.#ping(), this.#options.intervalMs);
  }

  #ping(): void {
    if (this.#stopped) return;
    const id = this.#nextId++;
    this.#awaiting = id;
    this.#timer = this.#clock.setTimeout(() => {
      if (!this.#stopped) this.#onDead();
    }, this.#options.timeoutMs);
    try {
      this.#send(encodePing(id));
    } catch {
      // A socket that cannot send is dead too; the pong deadline reports it.
    }
  }
}
