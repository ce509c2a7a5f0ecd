/**
 * What travels between a client and a server socket. The shape is plain
 * data so that a client from one copy of this package can talk to a server
 * from another.
 */
export type Frame =
  /** The handshake response: the connection is open. */
  | { type: 'open'; protocol: string; extensions: string }
  | { type: 'message'; data: Buffer; isBinary: boolean }
  /** A Close frame; `code` undefined means an empty body. */
  | { type: 'close'; code: number | undefined; reason: string }
  | { type: 'ping' | 'pong'; data: Buffer }
  /** The transport closed in order, after the closing handshake or without one. */
  | { type: 'end' }
  /** The transport was lost (a reset): frames still in flight are gone. */
  | { type: 'drop' };

/** Something that receives frames. */
export interface FrameSink {
  /** `pending`: the frame's bytes are not ready yet (a Blob); it keeps its place in the order. */
  deliver(frame: Frame, pending?: Promise<unknown>): void;
}
