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

/**
 * A WebSocket's `message` event, cheaper to make than the platform's
 * `MessageEvent` (whose constructor converts a dictionary): an `Event` whose
 * prototype chain goes through `MessageEvent.prototype`, so `instanceof
 * MessageEvent` holds, with its own `data`, `origin`, `lastEventId`,
 * `source` and `ports`.
 */
class MockMessageEvent extends Event {
  readonly #data: unknown;
  readonly #origin: string;
  #ports: MessagePort[] | undefined;

  constructor(data: unknown, origin: string) {
    super('message');
    this.#data = data;
    this.#origin = origin;
  }

  get data(): unknown {
    return this.#data;
  }

  get origin(): string {
    return this.#origin;
  }

  get lastEventId(): string {
    return '';
  }

  get source(): null {
    return null;
  }

  get ports(): MessagePort[] {
    return (this.#ports ??= []);
  }
}

const LIGHT_MEMBERS = new Set(['constructor', 'data', 'origin', 'lastEventId', 'source', 'ports']);

/** The light event stands in only where the platform's MessageEvent has nothing it does not cover. */
const lightEventFits =
  typeof MessageEvent === 'function' &&
  Object.getPrototypeOf(MessageEvent.prototype) === Event.prototype &&
  Object.getOwnPropertyNames(MessageEvent.prototype).every((name) => LIGHT_MEMBERS.has(name)) &&
  Object.getOwnPropertySymbols(MessageEvent.prototype).length === 0;
if (lightEventFits) Object.setPrototypeOf(MockMessageEvent.prototype, MessageEvent.prototype);

/** A MessageEvent as a browser fires it on a WebSocket: data and the URL's origin. */
export function createMessageEvent(data: unknown, origin: string): MessageEvent {
  if (lightEventFits) return new MockMessageEvent(data, origin) as unknown as MessageEvent;
  return new MessageEvent('message', { data, origin });
}
