/**
 * The data a connection carries, and the session protocol's messages: types
 * only, so every module can use them without importing any behaviour.
 */

/** What `send()` accepts. */
export type OutgoingData = string | ArrayBuffer | ArrayBufferView;

/** What a `message` listener gets: text as a string, binary as bytes. */
export type IncomingData = string | Uint8Array;

/**
 * The session protocol: JSON text messages with a `type` of `session.*`.
 *
 * - client → server `{"type":"session.hello","clientId":…,"previousSessionId"?:…,"ack"?:true}`
 * - server → client `{"type":"session.welcome","sessionId":…,"ack"?:true,"resumed"?:{"sessionId":…,"received":n}}`
 * - client → server `{"type":"session.ping","id":n}` (heartbeat, optional)
 * - server → client `{"type":"session.pong","id":n}`
 * - server → client `{"type":"session.ack","received":n}` (only when both sides said `"ack": true`)
 */
export interface SessionHello {
  type: 'session.hello';
  clientId: string;
  previousSessionId?: string;
  /** The client tracks delivery and asks for `session.ack`. */
  ack?: true;
}

/** How much of a previous session the server had received, when it resumes it. */
export interface ResumedSession {
  sessionId: string;
  /** Application messages the server received in that session. */
  received: number;
}

export interface SessionWelcome {
  type: 'session.welcome';
  sessionId: string;
  /** The server sends `session.ack` in this session. */
  ack?: true;
  /** Present on a verified resume of the hello's `previousSessionId`, when acks were asked for. */
  resumed?: ResumedSession;
}

/** The count of application messages the server received in this session so far. */
export interface SessionAck {
  type: 'session.ack';
  received: number;
}

export interface SessionPing {
  type: 'session.ping';
  id: number;
}

export interface SessionPong {
  type: 'session.pong';
  id: number;
}

export type SessionMessage = SessionHello | SessionWelcome | SessionPing | SessionPong | SessionAck;

/** What the connection learns from a handshake about delivery acknowledgements. */
export interface DeliveryTerms {
  /** The server sends `session.ack` in this session. */
  acks: boolean;
  /** The server resumed the previous session and says how much of it it received. */
  resumed: ResumedSession | undefined;
}
