/**
 * Whether a value is an ArrayBuffer, checked by tag: under Jest each test file
 * has its own realm, so `instanceof ArrayBuffer` misses buffers made by Node.
 */
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return Object.prototype.toString.call(value) === '[object ArrayBuffer]';
}

/** Whether a value looks like a Blob (has `arrayBuffer()` and `size`). */
export function isBlobLike(value: unknown): value is { arrayBuffer(): Promise<ArrayBuffer>; size: number } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { arrayBuffer?: unknown }).arrayBuffer === 'function' &&
    typeof (value as { size?: unknown }).size === 'number'
  );
}

/** A byte view of binary data, without copying where possible. */
export function toBytes(value: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (isArrayBuffer(value)) return new Uint8Array(value);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}
