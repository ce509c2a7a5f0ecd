import { ChunkedQueue } from './chunked-queue';
import type { DeliveryTerms } from './messages';
import type { OutgoingData } from './messages';

/** Messages of a session that dropped before the server acknowledged them. */
interface InDoubt {
  sessionId: string;
  /** How many messages of that session the server had acknowledged before these. */
  acked: number;
  messages: OutgoingData[];
}

/** What READY on a new session does with the messages a drop left in doubt. */
export interface ResumePlan {
  /** Not received by the server of the resumed session: sent again first, in order. */
  resend: OutgoingData[];
  /** The session was not resumed: nobody can tell whether these arrived. */
  unconfirmed: OutgoingData[];
}

const NOTHING: ResumePlan = { resend: [], unconfirmed: [] };

/**
 * Client side of delivery acknowledgements. While the server acknowledges
 * (negotiated in the handshake), every application message handed to the
 * socket is kept, in order, until a `session.ack` counts it. When the socket
 * drops, what is left is in doubt until the next READY: a resume of that
 * session says how much arrived, and the rest is sent again; anything else
 * makes it unconfirmed. The list holds what was sent within one round trip
 * to the server (a synchronous burst is never refused: the socket buffers
 * it anyway); a peer that negotiated acks and never sends them keeps it
 * growing until the connection ends, which the heartbeat detects as a dead peer.
 */
export class DeliveryTracker {
  #sessionId: string | undefined;
  #tracking = false;
  #acked = 0;
  // An ack drops a prefix at one store per message; a send never copies the list.
  readonly #pending = new ChunkedQueue<OutgoingData>();
  #inDoubt: InDoubt | undefined;

  /** Messages handed to the current socket that the server has not acknowledged yet. */
  get unacknowledged(): number {
    return this.#pending.size;
  }

  /** Starts a session on READY; returns what to do with the messages the last drop left in doubt. */
  begin(sessionId: string, terms: DeliveryTerms): ResumePlan {
    const doubt = this.#inDoubt;
    this.#inDoubt = undefined;
    this.#sessionId = sessionId;
    this.#tracking = terms.acks;
    this.#reset();
    if (doubt === undefined) return NOTHING;
    const { resumed } = terms;
    if (resumed === undefined || resumed.sessionId !== doubt.sessionId)
      return { resend: [], unconfirmed: doubt.messages };
    const delivered = resumed.received - doubt.acked;
    // A count that contradicts what was acknowledged or sent proves nothing: report, never guess.
    if (delivered < 0 || delivered > doubt.messages.length) return { resend: [], unconfirmed: doubt.messages };
    return { resend: doubt.messages.slice(delivered), unconfirmed: [] };
  }

  /** Records a message handed to the socket. */
  sent(data: OutgoingData): void {
    if (this.#tracking) this.#pending.push(data);
  }

  /** A `session.ack`: the server received `received` messages of this session in all. */
  acknowledge(received: number): void {
    if (!this.#tracking || !(received > this.#acked)) return;
    const take = Math.min(received - this.#acked, this.unacknowledged);
    this.#pending.dropFirst(take);
    this.#acked += take;
  }

  /** The socket dropped: its unacknowledged messages are in doubt until the next READY. */
  drop(): void {
    if (this.#tracking && this.#sessionId !== undefined && this.unacknowledged > 0) {
      this.#inDoubt = { sessionId: this.#sessionId, acked: this.#acked, messages: this.#pending.toArray() };
    }
    this.#tracking = false;
    this.#reset();
  }

  /**
   * The connection ended for good: every message whose delivery is not
   * confirmed, oldest first. `peerReadAll` is true when the peer finished the
   * closing handshake, so it read everything the current socket carried.
   */
  finish(peerReadAll: boolean): OutgoingData[] {
    const unconfirmed = [...(this.#inDoubt?.messages ?? []), ...(peerReadAll ? [] : this.#pending.toArray())];
    this.#inDoubt = undefined;
    this.#tracking = false;
    this.#reset();
    return unconfirmed;
  }

  #reset(): void {
    this.#acked = 0;
    this.#pending.clear();
  }
}
