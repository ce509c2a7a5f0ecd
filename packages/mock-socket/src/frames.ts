import { isUtf8 } from 'node:buffer';

/**
 * What travels between a client and a server socket. The shape is plain
 * data so that a client from one copy of this package can talk to a server
 * from another.
 */
export type Frame =
  /** The handshake response: the connection is open. */
  | { type: 'open'; protocol: string; extensions: string }
  | MessageFrame
  /**
   * A Close frame; `code` undefined means an empty body. `invalidUtf8`: the
   * reason's bytes are not UTF-8 (`reason` holds their lossy decode), which a
   * receiving client treats as a protocol error.
   */
  | { type: 'close'; code: number | undefined; reason: string; invalidUtf8?: boolean }
  | { type: 'ping' | 'pong'; data: Buffer }
  /** The transport closed in order, after the closing handshake or without one. */
  | { type: 'end' }
  /** The transport was lost (a reset): frames still in flight are gone. */
  | { type: 'drop' };

/** A frame's data until its bytes are there (a Blob's are read first); empty, so one is shared by every frame. */
export const NO_BYTES_YET: Buffer = Buffer.alloc(0);

/** Something that receives frames. */
export interface FrameSink {
  /** `pending`: the frame's bytes are not ready yet (a Blob); it keeps its place in the order. */
  deliver(frame: Frame, pending?: Promise<unknown>): void;
  /**
   * A text message as its string (well formed, see `wellFormed`): no frame object is made for it, and
   * a burst of messages holds only their strings. A sink without it (a copy of this package from
   * before it) gets a `TextFrame` through `deliver`; see `deliverText`.
   */
  deliverText?(text: string): void;
}

/** Hands a text message to a sink: as its string where the sink takes strings, else as a `TextFrame`. */
export function deliverText(sink: FrameSink, text: string): void {
  if (sink.deliverText !== undefined) sink.deliverText(text);
  else sink.deliver(new TextFrame(text));
}

/**
 * A message frame. `text` is set on text frames this version sends: the
 * receiver reads the string from it and skips the UTF-8 decode; `data` is
 * still there (made on first read) for a copy of the package that reads only `data`.
 */
export interface MessageFrame {
  type: 'message';
  data: Buffer;
  isBinary: boolean;
  readonly text?: string;
}

/**
 * A text frame that keeps its string: the `Buffer` is made only when someone
 * reads `data` (a `ws`-style listener gets a Buffer, as `ws` gives).
 * `text` must be well formed (see `wellFormed`), as a UTF-8 round trip makes it.
 */
export class TextFrame implements MessageFrame {
  readonly type = 'message';
  readonly isBinary = false;
  readonly text: string;
  #data: Buffer | undefined;

  constructor(text: string) {
    this.text = text;
  }

  get data(): Buffer {
    return (this.#data ??= Buffer.from(this.text, 'utf8'));
  }

  /** The size in UTF-8 bytes, without making the Buffer. */
  get byteLength(): number {
    return this.#data === undefined ? Buffer.byteLength(this.text, 'utf8') : this.#data.byteLength;
  }
}

/** The string a UTF-8 encode and decode would give back: lone surrogates become U+FFFD. */
export function wellFormed(text: string): string {
  const checked = text as unknown as { isWellFormed(): boolean; toWellFormed(): string };
  return checked.isWellFormed() ? text : checked.toWellFormed();
}

/** The text of a text frame, decoded from `data` when it came without `text`; undefined when `data` is not UTF-8. */
export function frameText(frame: MessageFrame): string | undefined {
  if (frame.text !== undefined) return frame.text;
  return isUtf8(frame.data) ? frame.data.toString('utf8') : undefined;
}
