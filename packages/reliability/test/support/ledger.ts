import type { CloseReport, Connection } from '@ws-isolation/core';

/** A message whose `send()` threw, with the error's code. */
export interface Refusal {
  message: string;
  code: unknown;
}

/**
 * What happened to every message the application sent: handed over
 * (`sent`), refused by `send()` (`threw`), or given back in a close report
 * (`unsent`). Messages are unique strings `<tag>#<n>`, numbered per connection.
 */
export class Ledger {
  readonly sent: string[] = [];
  readonly threw: Refusal[] = [];
  readonly unsent: string[] = [];
  /** Messages the cell knows were on the wire when the server went away (see `lostOnTheWire`). */
  readonly lost: string[] = [];
  #next = new Map<string, number>();

  /**
   * Declares messages that were handed to an open socket and were on the wire
   * when the server went away. WebSocket has no delivery acknowledgement, so
   * the connection cannot know they were lost: they are neither received, nor
   * unsent, nor refused. `problems()` checks that exactly these, and no
   * others, are in no bucket (a known gap, see the README).
   */
  lostOnTheWire(messages: readonly string[]): void {
    this.lost.push(...messages);
  }

  /** Messages that may have been on the wire when their socket went away: received once, or in no bucket. */
  readonly mayBeLost = new Set<string>();

  /** Records every close report of `connection` (the `close` event carries each one). */
  watch(connection: Connection): void {
    connection.on('close', (report: CloseReport) => {
      for (const item of report.unsent) this.unsent.push(typeof item === 'string' ? item : Buffer.from(item as Uint8Array).toString());
    });
  }

  /** Sends the next numbered message for `tag`; a throw is recorded, not raised. */
  send(connection: Connection, tag: string): void {
    const n = (this.#next.get(tag) ?? 0) + 1;
    this.#next.set(tag, n);
    const message = `${tag}#${n}`;
    try {
      connection.send(message);
      this.sent.push(message);
    } catch (error) {
      this.threw.push({ message, code: (error as { code?: unknown }).code });
    }
  }

  sendMany(connection: Connection, tag: string, count: number): void {
    for (let i = 0; i < count; i++) this.send(connection, tag);
  }

  /** Every message the application tried to send. */
  get attempted(): string[] {
    return [...this.sent, ...this.threw.map((refusal) => refusal.message)];
  }

  /**
   * The problems with `received` (what the server got): a message in no
   * bucket, in two, received twice, received without being sent, a throw
   * without an ERR_WSI_ code, or messages of one tag out of order.
   */
  problems(received: readonly string[]): string[] {
    const problems: string[] = [];
    const count = (list: readonly string[], message: string): number => list.filter((m) => m === message).length;
    const attempted = new Set(this.attempted);
    for (const message of this.lost) if (!attempted.has(message)) problems.push(`${message}: declared lost but never sent`);
    for (const message of this.attempted) {
      const threw = this.threw.filter((refusal) => refusal.message === message).length;
      const outcomes = count(received, message) + count(this.unsent, message) + threw;
      const expected = this.lost.includes(message) ? 0 : 1;
      if (outcomes !== expected && !(this.mayBeLost.has(message) && outcomes <= 1)) problems.push(`${message}: received ${count(received, message)}, unsent ${count(this.unsent, message)}, threw ${threw}`);
    }
    for (const message of received) if (!attempted.has(message)) problems.push(`${message}: received but never sent`);
    for (const refusal of this.threw) if (typeof refusal.code !== 'string' || !refusal.code.startsWith('ERR_WSI_')) problems.push(`${refusal.message}: send() threw without an ERR_WSI_ code (${String(refusal.code)})`);
    problems.push(...outOfOrder(received));
    return problems;
  }
}

/** Messages of one tag must arrive in the order they were sent. */
export function outOfOrder(received: readonly string[]): string[] {
  const last = new Map<string, number>();
  const problems: string[] = [];
  for (const message of received) {
    const [tag, n] = message.split('#') as [string, string];
    const previous = last.get(tag) ?? 0;
    if (Number(n) <= previous) problems.push(`${message} arrived after ${tag}#${previous}`);
    last.set(tag, Number(n));
  }
  return problems;
}
