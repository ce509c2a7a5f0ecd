import { wellFormed } from './frames';

/** What `MockWebSocket#send` accepts (the WHATWG `send` argument). */
export type ClientSendData = string | ArrayBufferLike | Blob | ArrayBufferView;

/** How a client presents binary messages; `nodebuffer` is the `ws` client's default. */
export type MockBinaryType = 'blob' | 'arraybuffer' | 'nodebuffer';

/** A client message: a text frame as it is, or binary bytes (a Blob's arrive later, as a promise). */
export type EncodedClientData =
  | { isBinary: false; text: string; size: number; bytes?: undefined }
  | { isBinary: true; text?: undefined; bytes: Buffer | Promise<Buffer>; size: number };

/** Encodes the client's `send` argument; a Blob's bytes arrive later, so they come as a promise. */
export function encodeClientData(data: ClientSendData): EncodedClientData {
  if (typeof data === 'string') {
    const text = wellFormed(data);
    return { isBinary: false, text, size: Buffer.byteLength(text, 'utf8') };
  }
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    return { isBinary: true, bytes: data.arrayBuffer().then((buffer) => Buffer.from(buffer)), size: data.size };
  }
  if (ArrayBuffer.isView(data)) {
    const bytes = Buffer.from(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    return { isBinary: true, bytes, size: bytes.byteLength };
  }
  if (isArrayBufferLike(data)) {
    const bytes = Buffer.from(new Uint8Array(data.slice(0)));
    return { isBinary: true, bytes, size: bytes.byteLength };
  }
  // WebIDL turns anything else into a string, as browsers do for send(42).
  return encodeClientData(String(data));
}

export function isArrayBufferLike(value: unknown): value is ArrayBufferLike {
  const tag = Object.prototype.toString.call(value);
  return tag === '[object ArrayBuffer]' || tag === '[object SharedArrayBuffer]';
}

/** The `data` of a client's MessageEvent for a received binary frame. */
export function decodeForClient(bytes: Buffer, binaryType: MockBinaryType): ArrayBuffer | Blob | Buffer {
  if (binaryType === 'nodebuffer') return Buffer.from(bytes);
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return binaryType === 'arraybuffer' ? copy : new Blob([copy]);
}
