/** Options of a CloseEvent (Node 20 has no global CloseEvent). */
export interface MockCloseEventInit extends EventInit {
  code?: number;
  reason?: string;
  wasClean?: boolean;
}

/**
 * The WHATWG `CloseEvent`, built on the platform's `Event`. The constructor
 * converts its arguments as WebIDL says: `type` is required, `init` must be
 * an object (or undefined/null), `code` is an `unsigned short` (70000 becomes
 * 4464, -1 becomes 65535), `reason` a `USVString`, `wasClean` a boolean.
 */
export class MockCloseEvent extends Event implements CloseEvent {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;

  constructor(type: string, init?: MockCloseEventInit | null) {
    if (arguments.length === 0) throw new TypeError("Failed to construct 'CloseEvent': 1 argument required");
    if (init !== undefined && init !== null && typeof init !== 'object' && typeof init !== 'function')
      throw new TypeError("Failed to construct 'CloseEvent': the init argument is not an object");
    super(type, init ?? undefined);
    // Members are read in the dictionary's lexicographic order, as WebIDL does.
    const code = init?.code;
    const reason = init?.reason;
    const wasClean = init?.wasClean;
    this.code = code === undefined ? 0 : toUnsignedShort(code);
    this.reason = reason === undefined ? '' : toUsvString(reason);
    this.wasClean = wasClean === undefined ? false : Boolean(wasClean);
  }

  get [Symbol.toStringTag](): string {
    return 'CloseEvent';
  }
}

/** WebIDL `unsigned short` without `[Clamp]` or `[EnforceRange]`: ToNumber, truncate, modulo 2^16. */
function toUnsignedShort(value: unknown): number {
  if (typeof value === 'bigint' || typeof value === 'symbol')
    throw new TypeError(`Cannot convert a ${typeof value} to an unsigned short`);
  const number = Number(value);
  if (!Number.isFinite(number)) return 0;
  const truncated = Math.trunc(number);
  return ((truncated % 65536) + 65536) % 65536;
}

/** WebIDL `USVString`: ToString (a symbol is a TypeError), lone surrogates become U+FFFD. */
function toUsvString(value: unknown): string {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  const text = String(value) as string & { toWellFormed(): string };
  return text.toWellFormed();
}
