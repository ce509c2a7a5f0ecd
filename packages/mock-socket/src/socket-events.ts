import { performance } from 'node:perf_hooks';
import { MockCloseEvent } from './events';
import { reportError } from './microtask';

/**
 * The events a `MockWebSocket` fires, and the listeners they reach.
 *
 * Where the platform's `Event`, `MessageEvent` and `EventTarget` have only the
 * members listed below (Node's do), the socket keeps its own listener lists
 * and fires events built without the platform's `Event` constructor: objects
 * whose prototype chain goes through the platform's prototypes (so
 * `instanceof Event`, `MessageEvent`, `MockCloseEvent` and `EventTarget` hold)
 * and which carry every `Event` member themselves. A delivery then costs one
 * small object and a loop over the listeners, where the platform's path costs
 * a constructor that converts a dictionary and a dispatch built for every kind
 * of target. Elsewhere (jsdom's classes have more members), the socket is the
 * platform's `EventTarget` and fires the platform's events.
 */

/** Accessors and methods a light event provides itself; data properties (constants) are inherited. */
const EVENT_MEMBERS: ReadonlySet<string> = new Set([
  'constructor',
  'type',
  'target',
  'currentTarget',
  'srcElement',
  'eventPhase',
  'bubbles',
  'cancelable',
  'composed',
  'defaultPrevented',
  'returnValue',
  'cancelBubble',
  'isTrusted',
  'timeStamp',
  'composedPath',
  'stopPropagation',
  'stopImmediatePropagation',
  'preventDefault',
  'initEvent',
]);
const MESSAGE_MEMBERS: ReadonlySet<string> = new Set([
  'constructor',
  'data',
  'origin',
  'lastEventId',
  'source',
  'ports',
]);
const TARGET_MEMBERS: ReadonlySet<string> = new Set([
  'constructor',
  'addEventListener',
  'removeEventListener',
  'dispatchEvent',
]);
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Every accessor or method named on `proto` is one of `members` (symbols: only the string tag and inspect). */
function coveredBy(proto: object, members: ReadonlySet<string>, symbols: boolean): boolean {
  for (const key of Reflect.ownKeys(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, key)!;
    const behaves =
      descriptor.get !== undefined || descriptor.set !== undefined || typeof descriptor.value === 'function';
    if (!behaves) continue;
    if (typeof key === 'string' ? !members.has(key) : symbols && key !== INSPECT) return false;
  }
  return true;
}

/** Whether light events and the socket's own listener lists stand in for the platform's. */
const lightEvents: boolean =
  typeof Event === 'function' &&
  typeof MessageEvent === 'function' &&
  typeof EventTarget === 'function' &&
  Object.getPrototypeOf(MessageEvent.prototype) === Event.prototype &&
  Object.getPrototypeOf(MockCloseEvent.prototype) === Event.prototype &&
  coveredBy(Event.prototype, EVENT_MEMBERS, true) &&
  coveredBy(MessageEvent.prototype, MESSAGE_MEMBERS, true) &&
  coveredBy(EventTarget.prototype, TARGET_MEMBERS, false);

// Taken at load, as Node's own Event does: a test's fake timers replace the global `performance`, not this one.
const clock = performance;

const NONE = 0;
const AT_TARGET = 2;
const STOPPED = 1;
const STOPPED_IMMEDIATELY = 2;

/**
 * The light events being dispatched, innermost last (a listener may
 * dispatch another). Kept here rather than on each event, so an event's
 * fields are set once, in its constructor, and only `stopPropagation()` and
 * a dispatch to another target ever change one.
 */
const dispatching: SocketEvent[] = [];

let isSocketEvent: (value: unknown) => value is SocketEvent;
let dispatchTo: (target: EventTarget, list: readonly Listener[], event: SocketEvent) => void;
let stoppedImmediately: (event: SocketEvent) => boolean;

/**
 * An event the socket fires: `open` and `error` as themselves, and the base
 * of the `message` and `close` events. Not cancelable, not bubbling, not
 * composed, as the standard fires them; `isTrusted` is false, as on Node's
 * events made in JavaScript.
 */
class SocketEvent {
  /**
   * One event of each light class, kept for the module's life (on the class,
   * which the module's functions hold) and never dispatched. V8 drops a
   * class's hidden classes once a full collection finds none of its instances
   * alive; the next events get new ones, and the code optimized for the old
   * ones (the event constructors, the dispatch) is thrown away: a
   * deoptimization of each of those functions after every full collection
   * that falls between two bursts of events (between two tests, say). With one
   * instance of each alive, the hidden classes and that code survive.
   */
  static readonly kept: SocketEvent[] = [];

  readonly #type: string;
  #target: EventTarget;
  readonly #timeStamp = clock.now();
  #stop: 0 | 1 | 2 = 0;

  constructor(type: string, target: EventTarget) {
    this.#type = type;
    this.#target = target;
  }

  static {
    isSocketEvent = (value): value is SocketEvent => typeof value === 'object' && value !== null && #type in value;
    dispatchTo = (target, list, event) => {
      if (event.#target !== target) event.#target = target;
      dispatching.push(event);
      walk(target, event.#type, list, event, stoppedImmediately);
      dispatching.pop();
      if (event.#stop !== 0) event.#stop = 0;
    };
    stoppedImmediately = (event) => event.#stop === STOPPED_IMMEDIATELY;
  }

  get type(): string {
    return this.#type;
  }
  get target(): EventTarget | null {
    return this.#target;
  }
  get currentTarget(): EventTarget | null {
    return dispatching.includes(this) ? this.#target : null;
  }
  get srcElement(): EventTarget | null {
    return this.#target;
  }
  get eventPhase(): number {
    return dispatching.includes(this) ? AT_TARGET : NONE;
  }
  get bubbles(): boolean {
    return false;
  }
  get cancelable(): boolean {
    return false;
  }
  get composed(): boolean {
    return false;
  }
  get defaultPrevented(): boolean {
    return false;
  }
  get returnValue(): boolean {
    return true;
  }
  set returnValue(_value: boolean) {
    // Not cancelable: setting false would only cancel a cancelable event.
  }
  get cancelBubble(): boolean {
    return this.#stop !== 0;
  }
  set cancelBubble(value: boolean) {
    if (value && this.#stop === 0) this.#stop = STOPPED;
  }
  get isTrusted(): boolean {
    return false;
  }
  get timeStamp(): number {
    return this.#timeStamp;
  }
  composedPath(): EventTarget[] {
    return dispatching.includes(this) ? [this.#target] : [];
  }
  stopPropagation(): void {
    if (this.#stop === 0) this.#stop = STOPPED;
  }
  stopImmediatePropagation(): void {
    this.#stop = STOPPED_IMMEDIATELY;
  }
  preventDefault(): void {
    // Not cancelable: nothing to prevent.
  }
  initEvent(): void {
    // Legacy; has no effect on an event that was dispatched or is being dispatched.
  }
  [INSPECT](): string {
    const name =
      this instanceof SocketMessageEvent ? 'MessageEvent' : this instanceof SocketCloseEvent ? 'CloseEvent' : 'Event';
    return `${name} { type: '${this.#type}' }`;
  }
}

/** A `message` event: `instanceof MessageEvent`, with `data` and the socket URL's `origin`. */
class SocketMessageEvent extends SocketEvent {
  readonly #data: unknown;
  readonly #origin: string;
  #ports: MessagePort[] | undefined;

  constructor(target: EventTarget, data: unknown, origin: string) {
    super('message', target);
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

/** A `close` event: `instanceof MockCloseEvent`, with `code`, `reason` and `wasClean` as its own properties. */
class SocketCloseEvent extends SocketEvent {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;

  constructor(target: EventTarget, code: number, reason: string, wasClean: boolean) {
    super('close', target);
    this.code = code;
    this.reason = reason;
    this.wasClean = wasClean;
  }
}

/** `parent` with the light event's members in front of it, so a subclass gets both. */
function withEventMembers(parent: object): object {
  const members = Object.create(parent) as object;
  for (const key of Reflect.ownKeys(SocketEvent.prototype)) {
    if (key !== 'constructor')
      Object.defineProperty(members, key, Object.getOwnPropertyDescriptor(SocketEvent.prototype, key)!);
  }
  return members;
}

/** Puts `light` in front of `platform`'s prototype, with `constructor` naming the platform's class, as the event claims to be one. */
function standIn(light: { prototype: object }, platform: { prototype: object }, members: object): void {
  Object.setPrototypeOf(light.prototype, members);
  Object.defineProperty(light.prototype, 'constructor', { configurable: true, writable: true, value: platform });
}

/** The tag `Object.prototype.toString` shows, as on the standard's `MessageEvent` (Node 20's global one has none). */
function tagged(members: object, tag: string): object {
  Object.defineProperty(members, Symbol.toStringTag, { configurable: true, value: tag });
  return members;
}

if (lightEvents) {
  standIn(SocketEvent, Event, Event.prototype);
  standIn(SocketMessageEvent, MessageEvent, tagged(withEventMembers(MessageEvent.prototype), 'MessageEvent'));
  standIn(SocketCloseEvent, MockCloseEvent, withEventMembers(MockCloseEvent.prototype));
}

if (lightEvents) {
  const nowhere = new EventTarget();
  SocketEvent.kept.push(
    new SocketEvent('open', nowhere),
    new SocketMessageEvent(nowhere, '', ''),
    new SocketCloseEvent(nowhere, 1000, '', true),
  );
}

/**
 * One registered listener. A class, not an object literal: V8 watches how long
 * a literal's objects live and, once most survive (a listener lives as long as
 * its socket), allocates them elsewhere and throws away the code that made
 * them, part way through a run of tests. The held last closed server (see
 * `MockServer`) keeps one alive, so its hidden class survives a collection.
 */
class Listener {
  readonly callback: EventListenerOrEventListenerObject;
  readonly capture: boolean;
  readonly once: boolean;
  removed = false;
  unlinkSignal: (() => void) | undefined = undefined;

  constructor(callback: EventListenerOrEventListenerObject, capture: boolean, once: boolean) {
    this.callback = callback;
    this.capture = capture;
    this.once = once;
  }
}

interface FlatOptions {
  readonly capture: boolean;
  readonly once: boolean;
  readonly signal: AbortSignal | undefined;
}

const NO_LISTENERS: readonly Listener[] = [];

let listenersOf: (target: EventTarget, type: string) => readonly Listener[] | undefined;
let removeListener: (target: EventTarget, type: string, listener: Listener) => void;

/** The options argument as Node's `EventTarget` reads it: a boolean is `capture`; members read in the standard's order. */
// Read only: the common calls (no options, or a capture flag) make no object.
const PLAIN: FlatOptions = { capture: false, once: false, signal: undefined };
const CAPTURE: FlatOptions = { capture: true, once: false, signal: undefined };

function flatten(options: unknown): FlatOptions {
  if (typeof options === 'boolean') return options ? CAPTURE : PLAIN;
  if (options === undefined || options === null) return PLAIN;
  if (typeof options !== 'object' && typeof options !== 'function')
    throw new TypeError(`The "options" argument must be of type object or boolean. Received ${typeof options}`);
  const read = options as AddEventListenerOptions;
  const capture = Boolean(read.capture);
  const once = Boolean(read.once);
  void read.passive;
  const signal = read.signal ?? undefined;
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw new TypeError('The "options.signal" property must be an instance of AbortSignal');
  return { capture, once, signal };
}

function captureOf(options: unknown): boolean {
  return typeof options === 'boolean'
    ? options
    : Boolean((options as EventListenerOptions | null | undefined)?.capture);
}

function acceptsListener(callback: unknown): callback is EventListenerOrEventListenerObject {
  if (callback === null || callback === undefined) return false;
  if (typeof callback === 'function' || typeof callback === 'object') return true;
  throw new TypeError(
    `The "listener" argument must be an instance of EventListener. Received type ${typeof callback} (${String(callback)})`,
  );
}

/**
 * Calls one listener as Node's `EventTarget` does: a function with the target
 * as `this`, an object through the `handleEvent` it has at that moment; what
 * it throws, or a promise it returns rejects with, is reported as an uncaught
 * exception, and the dispatch goes on.
 */
function invoke(target: EventTarget, callback: EventListenerOrEventListenerObject, event: Event): void {
  try {
    let result: unknown;
    if (typeof callback === 'function') {
      result = (callback as (this: EventTarget, event: Event) => unknown).call(target, event);
    } else {
      const handleEvent = (callback as { handleEvent?: unknown }).handleEvent;
      if (typeof handleEvent === 'function') result = (handleEvent as (event: Event) => unknown).call(callback, event);
    }
    if (result !== undefined && result !== null) {
      const then = (result as { then?: unknown }).then;
      if (typeof then === 'function') (then as Promise<unknown>['then']).call(result, undefined, reportError);
    }
  } catch (error) {
    reportError(error);
  }
}

/**
 * Walks the listeners a dispatch started with, as the standard's "inner
 * invoke": a removed one is skipped, a `once` one removed before its call,
 * and `stopImmediatePropagation()` ends the walk.
 */
function walk<E extends object>(
  target: EventTarget,
  type: string,
  list: readonly Listener[],
  event: E,
  stopped: (event: E) => boolean,
): void {
  for (let i = 0; i < list.length; i += 1) {
    const listener = list[i]!;
    if (listener.removed) continue;
    if (listener.once) removeListener(target, type, listener);
    invoke(target, listener.callback, event as unknown as Event);
    if (stopped(event)) break;
  }
}

/**
 * An `EventTarget` that keeps its own listener lists. A list is never changed
 * in place (adding or removing makes a new one), so a dispatch walks the list
 * it started with: a listener added meanwhile waits for the next event, and
 * one removed meanwhile is skipped by its `removed` mark, as the standard says.
 */
class OwnListenersTarget extends EventTarget {
  readonly #listeners = new Map<string, readonly Listener[]>();

  override addEventListener(
    type: string,
    callback: EventListenerOrEventListenerObject | null,
    options?: unknown,
  ): void {
    if (arguments.length < 2) throw new TypeError('The "type" and "listener" arguments must be specified');
    const { capture, once, signal } = flatten(options);
    if (!acceptsListener(callback)) return;
    const key = `${type}`;
    if (signal?.aborted === true) return;
    const list = this.#listeners.get(key) ?? NO_LISTENERS;
    for (const listener of list) if (listener.callback === callback && listener.capture === capture) return;
    const listener = new Listener(callback, capture, once);
    if (signal !== undefined) {
      // Held weakly, as Node's EventTarget does: a long-lived signal does not keep a closed socket alive.
      const target = new WeakRef(this);
      const onAbort = (): void => {
        const alive = target.deref();
        if (alive !== undefined) alive.#remove(key, listener);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      listener.unlinkSignal = () => signal.removeEventListener('abort', onAbort);
    }
    this.#listeners.set(key, [...list, listener]);
  }

  override removeEventListener(
    type: string,
    callback: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    if (arguments.length < 2) throw new TypeError('The "type" and "listener" arguments must be specified');
    if (!acceptsListener(callback)) return;
    const key = `${type}`;
    const capture = captureOf(options);
    const found = this.#listeners
      .get(key)
      ?.find((listener) => listener.callback === callback && listener.capture === capture);
    if (found !== undefined) this.#remove(key, found);
  }

  override dispatchEvent(event: Event): boolean {
    if (arguments.length < 1) throw new TypeError('The "event" argument must be specified');
    if (isSocketEvent(event)) {
      if (dispatching.includes(event)) throw eventRecursion(event.type);
      dispatchTo(this, this.#listeners.get(event.type) ?? NO_LISTENERS, event);
      return true;
    }
    return this.#dispatchForeign(event);
  }

  static {
    listenersOf = (target, type) => (target as OwnListenersTarget).#listeners.get(type);
    removeListener = (target, type, listener) => (target as OwnListenersTarget).#remove(type, listener);
  }

  #remove(key: string, listener: Listener): void {
    if (listener.removed) return;
    listener.removed = true;
    listener.unlinkSignal?.();
    const rest = (this.#listeners.get(key) ?? NO_LISTENERS).filter((other) => other !== listener);
    if (rest.length === 0) this.#listeners.delete(key);
    else this.#listeners.set(key, rest);
  }

  /**
   * An event user code made (`new Event(...)`, `new MessageEvent(...)`): only
   * the platform's dispatch can set its `target` and phase, so the platform
   * dispatches it to one bridging listener that walks this target's lists.
   */
  #dispatchForeign(event: Event): boolean {
    if (!(event instanceof Event)) return super.dispatchEvent(event);
    const key = event.type;
    const bridge = (seen: Event): void => {
      const list = this.#listeners.get(key);
      if (list === undefined) return;
      let stopped = false;
      const stop = seen.stopImmediatePropagation;
      Object.defineProperty(seen, 'stopImmediatePropagation', {
        configurable: true,
        writable: true,
        value(this: Event) {
          stopped = true;
          stop.call(this);
        },
      });
      try {
        walk(this, key, list, seen, () => stopped);
      } finally {
        delete (seen as { stopImmediatePropagation?: unknown }).stopImmediatePropagation;
      }
    };
    super.addEventListener(key, bridge);
    try {
      return super.dispatchEvent(event);
    } finally {
      super.removeEventListener(key, bridge);
    }
  }
}

function eventRecursion(type: string): Error {
  return Object.assign(new Error(`The event "${type}" is already being dispatched`), { code: 'ERR_EVENT_RECURSION' });
}

/** The class a socket extends: its own listener lists where light events fit, else the platform's `EventTarget`. */
export const SocketEventTarget: typeof EventTarget = lightEvents ? OwnListenersTarget : EventTarget;

/** Fires `open` or `error` at `target`. */
export function fireSimple(target: EventTarget, type: 'open' | 'error'): void {
  if (!lightEvents) target.dispatchEvent(new Event(type));
  else {
    const list = listenersOf(target, type);
    // With no listener, no event is made: nothing could see it.
    if (list !== undefined) dispatchTo(target, list, new SocketEvent(type, target));
  }
}

/** Fires a `message` with `data` and `origin` at `target`. */
export function fireMessage(target: EventTarget, data: unknown, origin: string): void {
  if (!lightEvents) target.dispatchEvent(new MessageEvent('message', { data, origin }));
  else {
    const list = listenersOf(target, 'message');
    if (list !== undefined) dispatchTo(target, list, new SocketMessageEvent(target, data, origin));
  }
}

/** Fires `close` with `code`, `reason` and `wasClean` at `target`. */
export function fireClose(target: EventTarget, code: number, reason: string, wasClean: boolean): void {
  if (!lightEvents) target.dispatchEvent(new MockCloseEvent('close', { code, reason, wasClean }));
  else {
    const list = listenersOf(target, 'close');
    if (list !== undefined) dispatchTo(target, list, new SocketCloseEvent(target, code, reason, wasClean));
  }
}
