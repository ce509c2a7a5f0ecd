type Handler = ((this: never, event: never) => unknown) | null;

interface Slot {
  current: Handler;
  listener: (event: Event) => unknown;
}

/**
 * The `onopen`/`onmessage`/… attributes of an EventTarget. As in browsers, an
 * attribute handler is a listener that keeps its place among the
 * `addEventListener` listeners: setting it again swaps the function in place,
 * setting null removes it, and setting it after that adds it at the end.
 */
export class EventHandlerSlots {
  readonly #target: EventTarget;
  readonly #slots = new Map<string, Slot>();

  constructor(target: EventTarget) {
    this.#target = target;
  }

  get(type: string): Handler {
    return this.#slots.get(type)?.current ?? null;
  }

  set(type: string, handler: unknown): void {
    const next = typeof handler === 'function' ? (handler as Handler) : null;
    const slot = this.#slots.get(type);
    if (next === null) {
      if (slot !== undefined) {
        this.#target.removeEventListener(type, slot.listener);
        this.#slots.delete(type);
      }
      return;
    }
    if (slot !== undefined) {
      slot.current = next;
      return;
    }
    const created: Slot = {
      current: next,
      listener: (event) => {
        const current = created.current as ((this: EventTarget, event: Event) => unknown) | null;
        // What it returns goes back to the dispatch, which reports a promise it returns that rejects.
        return current?.call(this.#target, event);
      },
    };
    this.#slots.set(type, created);
    this.#target.addEventListener(type, created.listener);
  }
}
