import { setImmediate as nodeSetImmediate } from 'node:timers';
import type { Frame } from './frames';

/** Where the queue hands a frame; returns false when it discarded the frame (a cut pipe), which costs no turn. */
export interface DeliveryTarget {
  receiveQueued(frame: Frame | undefined): boolean;
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

/**
 * The one queue of frames ready to be delivered, across every pipe of this
 * module instance: per pipe in order, across pipes in the order sent. Two
 * parallel arrays of (target, frame), so a frame costs no closure, with a
 * moving head: taking the head is O(1), and the delivered part is dropped
 * once it is the larger half. Arrays grown by `push` keep V8's fast elements,
 * where a preallocated ring of 100,000 slots or more would be a dictionary.
 */
let targets: (DeliveryTarget | undefined)[] = [];
let frames: (Frame | undefined)[] = [];
let head = 0;
let armed = false;
/** Delivered entries kept before the arrays are compacted. */
const COMPACT_AT = 1024;

/**
 * Each frame gets a turn of its own that starts only once the microtask
 * queue is empty, as when the standard queues a task per message: a
 * `process.nextTick` queued from a microtask runs after every microtask,
 * chains of awaits queued meanwhile included (Node drains the whole
 * microtask queue before it runs the ticks queued during it). One promise
 * reaction and one tick per frame, where an event-loop turn would cost
 * thirty times more. Without a real `nextTick`, Node's own `setImmediate`
 * (from `node:timers`, which fake timers never replace) does the same, slower.
 */
const armTick = (): void => nextTick!(pump);
const arm: () => void = nextTick === undefined ? () => nodeSetImmediate(pump) : () => void resolved.then(armTick);

/** Puts a frame at the back of the queue; `frame` undefined is a marker (see `afterDeliveries`). */
export function enqueueDelivery(target: DeliveryTarget, frame: Frame | undefined): void {
  targets.push(target);
  frames.push(frame);
  if (!armed) {
    armed = true;
    arm();
  }
}

/** Calls `fn` once every frame queued before this call has had its turn (in a turn of its own). */
export function afterDeliveries(fn: () => void): void {
  enqueueDelivery(
    {
      receiveQueued: () => {
        fn();
        return true;
      },
    },
    undefined,
  );
}

/**
 * Delivers the first frame a target keeps. The next turn is armed before the
 * delivery, so a listener that throws does not stall the queue; it still
 * starts only after the microtasks the delivery queues have all run.
 */
function pump(): void {
  armed = false;
  while (head < targets.length) {
    const target = targets[head]!;
    const frame = frames[head];
    targets[head] = undefined;
    frames[head] = undefined;
    head += 1;
    if (head === targets.length) {
      targets = [];
      frames = [];
      head = 0;
    } else {
      if (head >= COMPACT_AT && head * 2 >= targets.length) compact();
      if (!armed) {
        armed = true;
        arm();
      }
    }
    if (target.receiveQueued(frame)) return;
  }
}

/** Drops the delivered part of the arrays. */
function compact(): void {
  targets = targets.slice(head);
  frames = frames.slice(head);
  head = 0;
}
