import type { CloseReport, Connection, CoreError, OutgoingData } from '@ws-isolation/core';

/** A message whose `send()` threw, with the error's code. */
export interface Refusal {
  message: string;
  code: unknown;
}

const text = (item: OutgoingData): string =>
  typeof item === 'string' ? item : Buffer.from(item as Uint8Array).toString();

/**
 * What happened to every message the application sent: handed over
 * (`sent`), refused by `send()` (`threw`), given back in a close report as
 * never sent (`unsent`), or reported as sent but not acknowledged
 * (`unconfirmed`: a close report's `unconfirmed`, or the messages of an
 * ERR_WSI_DELIVERY_UNCONFIRMED error). Messages are unique strings
 * `<tag>#<n>`, numbered per connection.
 */
export class Ledger {
  readonly sent: string[] = [];
  readonly threw: Refusal[] = [];
  readonly unsent: string[] = [];
  readonly unconfirmed: string[] = [];
  #next = new Map<string, number>();

  /** Records every close report of `connection` (the `close` event carries each one) and every delivery-unconfirmed error. */
  watch(connection: Connection): void {
    connection.on('close', (report: CloseReport) => {
      this.unsent.push(...report.unsent.map(text));
      this.unconfirmed.push(...report.unconfirmed.map(text));
    });
    connection.on('error', (error: CoreError) => {
      if (error.code === 'ERR_WSI_DELIVERY_UNCONFIRMED')
        this.unconfirmed.push(...(error as CoreError & { messages: OutgoingData[] }).messages.map(text));
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
   * The problems with `arrived` (what the server got). Every message must
   * be delivered exactly once, or reported: refused by `send()` (then never
   * received), given back as `unsent` (never received), or listed as
   * `unconfirmed` (received at most once: the server may have read it
   * before its acknowledgement was lost). Also: reported twice, received
   * without being sent, a throw without an ERR_WSI_ code, or messages of one
   * tag out of order.
   */
  problems(arrived: readonly (string | Uint8Array)[]): string[] {
    // The cells send text; a binary message is read as the text of its bytes.
    const received = arrived.map((message) =>
      typeof message === 'string' ? message : Buffer.from(message).toString(),
    );
    const problems: string[] = [];
    const tally = (list: readonly string[]): Map<string, number> => {
      const counts = new Map<string, number>();
      for (const message of list) counts.set(message, (counts.get(message) ?? 0) + 1);
      return counts;
    };
    const got = tally(received);
    const unsent = tally(this.unsent);
    const unconfirmed = tally(this.unconfirmed);
    const threw = tally(this.threw.map((refusal) => refusal.message));
    const attempted = new Set(this.attempted);
    for (const message of this.attempted) {
      const r = got.get(message) ?? 0;
      const u = unsent.get(message) ?? 0;
      const c = unconfirmed.get(message) ?? 0;
      const t = threw.get(message) ?? 0;
      const reports = u + c + t;
      const fine = reports === 0 ? r === 1 : reports === 1 && (c === 1 ? r <= 1 : r === 0);
      if (!fine) problems.push(`${message}: received ${r}, unsent ${u}, unconfirmed ${c}, threw ${t}`);
    }
    for (const message of [...received, ...this.unsent, ...this.unconfirmed])
      if (!attempted.has(message)) problems.push(`${message}: received or reported but never sent`);
    for (const refusal of this.threw)
      if (typeof refusal.code !== 'string' || !refusal.code.startsWith('ERR_WSI_'))
        problems.push(`${refusal.message}: send() threw without an ERR_WSI_ code (${String(refusal.code)})`);
    problems.push(...outOfOrder(received));
    return problems;
  }
}

/** Messages of one tag must arrive in the order they were sent. */
function outOfOrder(received: readonly string[]): string[] {
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
