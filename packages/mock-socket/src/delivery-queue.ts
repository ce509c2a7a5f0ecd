import type { AsyncResource } from 'node:async_hooks';
import { setImmediate as nodeSetImmediate } from 'node:timers';
import type { Frame } from './frames';

/** What the queue carries: a frame, or a text message as its string (see `FrameSink.deliverText`). */
export type QueuedFrame = Frame | string;

/** Where the queue hands a frame; returns false when it discarded the frame (a cut pipe), which costs no turn. */
export interface DeliveryTarget {
  receiveQueued(frame: QueuedFrame | undefined): boolean;
  /**
   * The async context its frames are delivered in (what `AsyncLocalStorage`
   * and async hooks see in the listeners), as a real socket's I/O runs in the
   * context that made the socket. Without it, the turn's own.
   */
  readonly context?: AsyncResource | undefined;
}

/**
 * One frame for several targets (a broadcast): a single queue entry that
 * gives each member a turn of its own, in the order they joined, as if each
 * had been queued at this place. The entry leaves the queue when its last
 * member's turn starts.
 */
export class DeliveryGroup {
  /**
   * One group kept for the module's life, never queued: with one instance
   * alive, a full collection between two broadcasts does not drop the class's
   * hidden classes, and with them the delivery loop's optimized code (see
   * `SocketEvent.kept` in socket-events.ts).
   */
  static readonly kept: DeliveryGroup = new DeliveryGroup();

  readonly #members: DeliveryTarget[] = [];
  #next = 0;

  add(target: DeliveryTarget): void {
    this.#members.push(target);
  }

  get size(): number {
    return this.#members.length;
  }

  /** The member whose turn is next (the group must not be used up). */
  take(): DeliveryTarget {
    return this.#members[this.#next++]!;
  }

  get usedUp(): boolean {
    return this.#next >= this.#members.length;
  }
}

type Schedule = (fn: () => void) => void;

/**
 * Node's `process.nextTick` as it was when this module loaded, unless it was
 * a fake by then (Jest's `fakeTimers: { enableGlobally: true }` installs them
 * before a test file loads): a modern fake (`@sinonjs/fake-timers`) carries
 * an own `clock`, a legacy one is a Jest mock function. Fakes installed
 * later replace the property, never this captured function.
 */
function realNextTick(): Schedule | undefined {
  const tick = (globalThis as { process?: { nextTick?: unknown } }).process?.nextTick;
  if (typeof tick !== 'function') return undefined;
  if (Object.hasOwn(tick, 'clock') || (tick as { _isMockFunction?: unknown })._isMockFunction === true)
    return undefined;
  return tick as Schedule;
}

const nextTick = realNextTick();
// Captured at load: fake timers replace queueMicrotask and process.nextTick, never a promise's then.
const resolved = Promise.resolve();

/** Entries per chunk of the queue: small enough for V8's fast elements, large enough that chunk changes are rare. */
const CHUNK_SIZE = 2048;

/** A fixed block of (target, frame) pairs; the queue is a list of them, so it never copies what it holds. */
interface Chunk {
  readonly targets: (DeliveryTarget | DeliveryGroup | undefined)[];
  readonly frames: (QueuedFrame | undefined)[];
  next: Chunk | undefined;
}

function newChunk(): Chunk {
  return {
    targets: new Array<DeliveryTarget | DeliveryGroup | undefined>(CHUNK_SIZE),
    frames: new Array<QueuedFrame | undefined>(CHUNK_SIZE),
    next: undefined,
  };
}

/**
 * The one queue of frames ready to be delivered, across every pipe of this
 * module instance: per pipe in order, across pipes in the order sent. A list
 * of fixed chunks of two parallel arrays (target, frame), so a frame costs no
 * allocation of its own, taking the head is O(1), and a burst of 100,000
 * frames is never copied to grow or compact. The emptied head chunk is kept
 * as a spare for the tail.
 */
let headChunk: Chunk = newChunk();
let tailChunk: Chunk = headChunk;
let headIndex = 0;
let tailIndex = 0;
let spare: Chunk | undefined;
let armed = false;

/**
 * Node's step between two callbacks, `process._tickCallback`: it runs every
 * queued tick and microtask, the chains they queue included, until none is
 * left. Taken only as Node defines it (not the wrapper `--pending-deprecation`
 * puts around it, which warns), and never a fake.
 */
function realDrain(): (() => void) | undefined {
  const drain = (globalThis as { process?: { _tickCallback?: unknown } }).process?._tickCallback;
  if (typeof drain !== 'function' || drain.name !== 'runNextTicks') return undefined;
  return drain as () => void;
}

const drain = realDrain();

/**
 * Each frame gets a turn of its own that starts only once the microtask
 * queue is empty, as when the standard queues a task per message. The first
 * frame of a burst waits for a `process.nextTick` queued from a promise
 * reaction: Node runs such a tick only after every microtask, chains of awaits
 * queued meanwhile included. From there, one loop delivers frames, and after
 * each one it has Node run what that delivery queued (ticks and microtasks,
 * until none is left), so each frame still starts on an empty microtask
 * queue, with no tick or promise of its own, and a frame sent meanwhile joins
 * the loop. Where Node's step is not available, each frame waits for a
 * promise reaction and a tick of its own. Without a real `nextTick`, Node's
 * own `setImmediate` (from `node:timers`, which fake timers never replace)
 * starts the turns, slower.
 */
const armTick = (): void => nextTick!(pump);
const arm: () => void = nextTick === undefined ? () => nodeSetImmediate(pump) : () => void resolved.then(armTick);

/** Puts a frame at the back of the queue; `frame` undefined is a marker (see `afterDeliveries`). */
export function enqueueDelivery(target: DeliveryTarget | DeliveryGroup, frame: QueuedFrame | undefined): void {
  if (tailIndex === CHUNK_SIZE) {
    const chunk = spare ?? newChunk();
    spare = undefined;
    tailChunk.next = chunk;
    tailChunk = chunk;
    tailIndex = 0;
  }
  tailChunk.targets[tailIndex] = target;
  tailChunk.frames[tailIndex] = frame;
  tailIndex += 1;
  if (!armed) {
    armed = true;
    arm();
  }
}

/** A queue entry that calls a function when its turn comes. */
class QueuedCall implements DeliveryTarget {
  /**
   * One kept for the module's life, never queued: the delivery loop's
   * optimized code checks the hidden class of every entry it takes, and a
   * class none of whose instances survived a full collection comes back with
   * a new one, which throws that code away (see `SocketEvent.kept` in
   * socket-events.ts).
   */
  static readonly kept: QueuedCall = new QueuedCall(() => undefined);

  readonly #fn: () => void;

  constructor(fn: () => void) {
    this.#fn = fn;
  }

  receiveQueued(): boolean {
    this.#fn();
    return true;
  }
}

/** Calls `fn` once every frame queued before this call has had its turn (in a turn of its own). */
export function afterDeliveries(fn: () => void): void {
  enqueueDelivery(new QueuedCall(fn), undefined);
}

/** Takes the frame at the head of the queue (the queue must not be empty) and hands it to its target. */
function deliverHead(): boolean {
  if (headIndex === CHUNK_SIZE) {
    // The head chunk is used up and a later one holds the rest: it becomes the spare for the tail.
    const done = headChunk;
    headChunk = done.next!;
    headIndex = 0;
    done.next = undefined;
    spare = done;
  }
  const entry = headChunk.targets[headIndex]!;
  const frame = headChunk.frames[headIndex];
  let target: DeliveryTarget;
  if (entry instanceof DeliveryGroup) {
    // A group stays at the head until its last member's turn: nothing queued meanwhile overtakes it.
    target = entry.take();
    if (entry.usedUp) takeHead();
  } else {
    target = entry;
    takeHead();
  }
  const context = target.context;
  return context === undefined
    ? target.receiveQueued(frame)
    : context.runInAsyncScope(target.receiveQueued, target, frame);
}

/** Removes the head entry (before its turn runs: a turn that throws never delivers it twice). */
function takeHead(): void {
  headChunk.targets[headIndex] = undefined;
  headChunk.frames[headIndex] = undefined;
  headIndex += 1;
  if (isEmpty()) {
    // Empty: the next frame goes to the top of this chunk, so a queue that empties never moves on.
    headIndex = 0;
    tailIndex = 0;
  }
}

function isEmpty(): boolean {
  return headChunk === tailChunk && headIndex === tailIndex;
}

/**
 * A turn: delivers frames while there are any, and after each delivered
 * frame runs what it queued (see `drain`), which may send more: a frame sent
 * from a listener, or from the code an awaited message resumes, joins this
 * loop instead of arming a turn of its own. Without that step, one frame,
 * and the next turn is armed. `armed` stays set meanwhile. If a listener's
 * error escapes (a `ws`-style listener that throws, or a tick that throws
 * while draining), the next turn is armed before it propagates, so the queue
 * never stalls.
 */
function pump(): void {
  try {
    while (!isEmpty()) {
      // A discarded frame costs no turn.
      if (!deliverHead()) continue;
      if (drain === undefined) return;
      drain();
    }
  } finally {
    armed = !isEmpty();
    if (armed) arm();
  }
}
