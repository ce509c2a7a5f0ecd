type Handler = ((this: never, event: never) => unknown) | null;

/**
 * One attribute handler: registered as a listener object, so a socket's
 * handler costs one object (no closure); it calls the current handler with
 * the target as `this`, as a browser does.
 */
class Slot {
  current: Handler;
  readonly #target: EventTarget;

  constructor(target: EventTarget, current: Handler) {
    this.#target = target;
    this.current = current;
  }

  handleEvent(event: Event): unknown {
    const current = this.current as ((this: EventTarget, event: Event) => unknown) | null;
    // What it returns goes back to the dispatch, which reports a promise it returns that rejects.
    return current?.call(this.#target, event);
  }
}

/**
 * The `onopen`/`onmessage`/… attributes of an EventTarget. As in browsers, an
 * attribute handler is a listener that keeps its place among the
 * `addEventListener` listeners: setting it again swaps the function in place,
 * setting null removes it, and setting it after that adds it at the end.
 */
export class EventHandlerSlots {
  readonly #target: EventTarget;
  // Keyed by event type; a handler set to null leaves `undefined` (the object keeps its shape).
  readonly #slots: Record<string, Slot | undefined> = {};

  constructor(target: EventTarget) {
    this.#target = target;
  }

  get(type: string): Handler {
    return this.#slots[type]?.current ?? null;
  }

  set(type: string, handler: unknown): void {
    const next = typeof handler === 'function' ? (handler as Handler) : null;
    const slot = this.#slots[type];
    if (next === null) {
      if (slot !== undefined) {
        this.#target.removeEventListener(type, slot);
        this.#slots[type] = undefined;
      }
      return;
    }
    if (slot !== undefined) {
      slot.current = next;
      return;
    }
    const created = new Slot(this.#target, next);
    this.#slots[type] = created;
    this.#target.addEventListener(type, created);
  }
}
