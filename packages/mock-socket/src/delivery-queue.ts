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
 * module instance: per pipe in order, across pipes in the order sent. A
 * ring buffer of (target, frame) pairs, so a frame costs no closure.
 */
const INITIAL_LENGTH = 64;
const SHRINK_ABOVE = 4096;
let targets: (DeliveryTarget | undefined)[] = new Array<DeliveryTarget | undefined>(INITIAL_LENGTH);
let frames: (Frame | undefined)[] = new Array<Frame | undefined>(INITIAL_LENGTH);
let head = 0;
let size = 0;
let armed = false;

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
  if (size === targets.length) grow();
  const index = (head + size) & (targets.length - 1);
  targets[index] = target;
  frames[index] = frame;
  size += 1;
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
  while (size > 0) {
    const mask = targets.length - 1;
    const target = targets[head]!;
    const frame = frames[head];
    targets[head] = undefined;
    frames[head] = undefined;
    head = (head + 1) & mask;
    size -= 1;
    if (size > 0 && !armed) {
      armed = true;
      arm();
    } else if (size === 0 && targets.length > SHRINK_ABOVE) {
      shrink();
    }
    if (target.receiveQueued(frame)) return;
  }
}

/** Lets an empty queue's large ring (after a burst) go. */
function shrink(): void {
  targets = new Array<DeliveryTarget | undefined>(INITIAL_LENGTH);
  frames = new Array<Frame | undefined>(INITIAL_LENGTH);
  head = 0;
}

/** Doubles the ring, unrolling it so the head is at index 0 (the length stays a power of two). */
function grow(): void {
  const length = targets.length;
  const nextTargets = new Array<DeliveryTarget | undefined>(length * 2);
  const nextFrames = new Array<Frame | undefined>(length * 2);
  for (let i = 0; i < size; i++) {
    const from = (head + i) & (length - 1);
    nextTargets[i] = targets[from];
    nextFrames[i] = frames[from];
  }
  targets = nextTargets;
  frames = nextFrames;
  head = 0;
}
