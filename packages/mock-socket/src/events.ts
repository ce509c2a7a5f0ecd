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

/** A MessageEvent as a browser fires it on a WebSocket: data and the URL's origin. */
export function createMessageEvent(data: unknown, origin: string): MessageEvent {
  return new MessageEvent('message', { data, origin });
}
