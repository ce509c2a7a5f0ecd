import { DeliveryTracker } from './delivery-tracker';
import type { DeliveryTerms, OutgoingData } from './messages';
import { SendQueue } from './send-queue';

/** Where the outbox hands messages: the READY socket. */
export interface OutboxSink {
  readonly isOpen: boolean;
  send(data: OutgoingData): void;
}

/** What the outbox still held when the connection ended for good, oldest first. */
export interface OutboxLeftovers {
  /** Queued and never handed to a socket. */
  unsent: OutgoingData[];
  /** Handed to a socket, and the server never acknowledged them. */
  unconfirmed: OutgoingData[];
}

/**
 * Every message `send()` accepted, until it is delivered or reported: the
 * queue of messages sent before READY (bounded by `maxQueuedMessages`) and
 * the delivery tracking of messages handed to a socket (kept until the
 * server acknowledges them, when it does). The connection only says when a
 * socket is READY, dropped or gone for good.
 *
 * `maxQueuedMessages` bounds the queue only. Messages sent while READY go to
 * the socket at once, as with any WebSocket; those waiting for an
 * acknowledgement are what the socket carried within one round trip.
 */
export class Outbox {
  readonly #queue: SendQueue;
  readonly #delivery = new DeliveryTracker();

  constructor(maxQueuedMessages: number) {
    this.#queue = new SendQueue(maxQueuedMessages);
  }

  /** Messages waiting for READY. */
  get queued(): number {
    return this.#queue.size;
  }

  /** Messages handed to the socket that the server has not acknowledged yet. */
  get unacknowledged(): number {
    return this.#delivery.unacknowledged;
  }

  /** Sends on the READY socket, or queues when there is none (throws ERR_WSI_QUEUE_FULL past the bound). */
  send(data: OutgoingData, ready: OutboxSink | undefined): void {
    if (ready?.isOpen) {
      ready.send(data);
      this.#delivery.sent(data);
    } else {
      this.#queue.push(data);
    }
  }

  /**
   * READY on a new session: what the resumed session did not receive goes
   * first, then what was queued. Returns the messages of a dropped session
   * that was not resumed: nobody can tell whether they arrived.
   */
  begin(sessionId: string, terms: DeliveryTerms, socket: OutboxSink): OutgoingData[] {
    const { resend, unconfirmed } = this.#delivery.begin(sessionId, terms);
    this.#queue.unshift(resend);
    const items = this.#queue.drain();
    for (let i = 0; i < items.length; i++) {
      if (!socket.isOpen) {
        this.#queue.unshift(items.slice(i));
        break;
      }
      socket.send(items[i] as OutgoingData);
      this.#delivery.sent(items[i] as OutgoingData);
    }
    return unconfirmed;
  }

  /** A `session.ack`: the server received `received` messages of this session in all. */
  acknowledge(received: number): void {
    this.#delivery.acknowledge(received);
  }

  /** The socket dropped: its unacknowledged messages are in doubt until the next READY. */
  drop(): void {
    this.#delivery.drop();
  }

  /** The connection ended for good; `peerReadAll` when the peer finished the closing handshake. */
  finish(peerReadAll: boolean): OutboxLeftovers {
    return { unsent: this.#queue.drain(), unconfirmed: this.#delivery.finish(peerReadAll) };
  }
}
