import type { OutgoingData } from './messages';

/** What `close()` resolves to, and what the `close` event carries. */
export interface CloseReport {
  /** True when the peer did not finish the close in time (or `terminate()` cut it short) and the socket was terminated. */
  forced: boolean;
  /** The close code the socket ended with (1006 when forced or dropped). */
  code: number;
  /** The close reason the socket ended with. */
  reason: string;
  /** Messages `send()` queued that never left, oldest first. */
  unsent: OutgoingData[];
  /**
   * Messages that left on a socket but whose delivery the server never
   * acknowledged, oldest first: they may or may not have arrived. Only when
   * the server acknowledges delivery (`acceptSession` does); empty after a
   * clean close, since a peer that finished the closing handshake read
   * everything sent before it. Filled by a forced close, `terminate()`, or a
   * give-up after a drop.
   */
  unconfirmed: OutgoingData[];
}
