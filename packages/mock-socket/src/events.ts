/** Options of a CloseEvent (Node 20 has no global CloseEvent). */
export interface MockCloseEventInit extends EventInit {
  code?: number;
  reason?: string;
  wasClean?: boolean;
}

/** The WHATWG `CloseEvent`, built on the platform's `Event`. */
export class MockCloseEvent extends Event implements CloseEvent {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;

  constructor(type: string, init: MockCloseEventInit = {}) {
    super(type, init);
    this.code = init.code ?? 0;
    this.reason = init.reason ?? '';
    this.wasClean = init.wasClean ?? false;
  }
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
