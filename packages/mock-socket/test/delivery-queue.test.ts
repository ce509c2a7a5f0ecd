import { createHook } from 'node:async_hooks';
import {
  clearImmediate as nodeClearImmediate,
  clearTimeout as nodeClearTimeout,
  setImmediate as nodeSetImmediate,
} from 'node:timers';
import { withTimeout } from '@ws-isolation/test-utils';
import type { Frame } from '../src';
import { afterDeliveries, DeliveryGroup, enqueueDelivery, type DeliveryTarget } from '../src/delivery-queue';

const text = (label: string): Frame => ({ type: 'message', data: Buffer.from(label), isBinary: false });

/** A target that records what it receives, as `name:label`, and runs `onReceive` for each. */
function recorder(name: string, seen: string[], onReceive: (label: string) => void = () => undefined): DeliveryTarget {
  return {
    receiveQueued(frame) {
      if (frame === undefined || typeof frame === 'string' || frame.type !== 'message') return false;
      const label = frame.data.toString();
      seen.push(`${name}:${label}`);
      onReceive(label);
      return true;
    },
  };
}

/** Resolves once every delivery queued before the call has had its turn. */
const drained = (): Promise<void> => withTimeout(new Promise<void>((resolve) => afterDeliveries(resolve)), 10_000);

/**
 * Runs `enqueue`, waits for the uncaught exception it leads to (taken before Jest's own handler, which
 * would fail the test on it), then for the queue to drain; resolves with what was thrown.
 */
async function uncaughtWhile(enqueue: () => void): Promise<unknown> {
  const caught = new Promise<unknown>((resolve) => process.setUncaughtExceptionCaptureCallback(resolve));
  try {
    enqueue();
    const error = await withTimeout(caught, 10_000);
    await drained();
    return error;
  } finally {
    process.setUncaughtExceptionCaptureCallback(null);
  }
}

describe('the delivery queue', () => {
  it('delivers a frame only after every microtask queued before it, however long the chain of awaits', async () => {
    const steps: string[] = [];
    const target = recorder('a', steps);
    void (async () => {
      for (let i = 0; i < 1000; i++) await Promise.resolve();
      steps.push('a chain of 1000 awaits finished');
    })();
    enqueueDelivery(target, text('1'));
    await drained();
    expect(steps).toEqual(['a chain of 1000 awaits finished', 'a:1']);
  });

  it('drains the microtasks a delivery queues, chains included, before the next frame', async () => {
    const seen: string[] = [];
    const target = recorder('a', seen, (label) => {
      void (async () => {
        for (let i = 0; i < 100; i++) await Promise.resolve();
        seen.push(`after ${label}`);
      })();
    });
    for (const label of ['1', '2', '3']) enqueueDelivery(target, text(label));
    await drained();
    expect(seen).toEqual(['a:1', 'after 1', 'a:2', 'after 2', 'a:3', 'after 3']);
  });

  it('runs the ticks a delivery queues, and the microtasks they queue, before the next frame', async () => {
    const seen: string[] = [];
    const target = recorder('a', seen, (label) => {
      process.nextTick(() => {
        seen.push(`tick after ${label}`);
        void Promise.resolve().then(() => seen.push(`microtask of that tick after ${label}`));
      });
    });
    for (const label of ['1', '2']) enqueueDelivery(target, text(label));
    await drained();
    expect(seen).toEqual([
      'a:1',
      'tick after 1',
      'microtask of that tick after 1',
      'a:2',
      'tick after 2',
      'microtask of that tick after 2',
    ]);
  });

  it('a burst costs one tick to start, not a tick and a promise per frame', async () => {
    // Out of any turn: code an awaited delivery resumes runs within the turn, and sends without a tick of its own.
    await new Promise((resolve) => nodeSetImmediate(resolve));
    let ticks = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'TickObject' && (ticks += 1)) });
    const seen: string[] = [];
    const target = recorder('a', seen);
    hook.enable();
    try {
      for (let i = 0; i < 100; i++) enqueueDelivery(target, text(String(i)));
      await drained();
    } finally {
      hook.disable();
    }
    expect(seen).toHaveLength(100);
    expect(ticks).toBe(1);
  });

  it('a frame sent by code an awaited delivery resumes joins the turn: round trips cost one tick in all', async () => {
    await new Promise((resolve) => nodeSetImmediate(resolve));
    let ticks = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'TickObject' && (ticks += 1)) });
    const seen: string[] = [];
    let answer: () => void = () => undefined;
    const target = recorder('a', seen, () => answer());
    hook.enable();
    try {
      for (let i = 0; i < 50; i++) {
        const answered = new Promise<void>((resolve) => (answer = resolve));
        enqueueDelivery(target, text(String(i)));
        await answered;
      }
    } finally {
      hook.disable();
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => `a:${i}`));
    expect(ticks).toBe(1);
  });

  it('keeps send order across targets, and a frame sent from a listener goes to the back of the queue', async () => {
    const seen: string[] = [];
    const b = recorder('b', seen);
    const a = recorder('a', seen, (label) => {
      if (label === '1') enqueueDelivery(b, text('from a listener'));
    });
    enqueueDelivery(a, text('1'));
    enqueueDelivery(b, text('2'));
    enqueueDelivery(a, text('3'));
    await drained();
    // The listener's frame was queued after the first marker.
    await drained();
    expect(seen).toEqual(['a:1', 'b:2', 'a:3', 'b:from a listener']);
  });

  it('a discarded frame costs no turn: the next one is delivered in the same turn', async () => {
    const seen: string[] = [];
    const discards: DeliveryTarget = { receiveQueued: () => false };
    const target = recorder('a', seen);
    enqueueDelivery(discards, text('x'));
    enqueueDelivery(target, text('1'));
    const microtasksBefore: string[] = [];
    void Promise.resolve().then(() => microtasksBefore.push(seen.join()));
    await drained();
    expect(seen).toEqual(['a:1']);
    expect(microtasksBefore).toEqual(['']);
  });

  it('a listener that throws does not stall the queue; the error is not swallowed', async () => {
    const seen: string[] = [];
    const thrown = new Error('listener failed');
    const throwing: DeliveryTarget = {
      receiveQueued() {
        throw thrown;
      },
    };
    await expect(
      uncaughtWhile(() => {
        enqueueDelivery(throwing, text('x'));
        enqueueDelivery(recorder('a', seen), text('1'));
      }),
    ).resolves.toBe(thrown);
    expect(seen).toEqual(['a:1']);
  });

  it('a tick that throws between two frames does not stall the queue; the error is not swallowed', async () => {
    const seen: string[] = [];
    const thrown = new Error('tick failed');
    const target = recorder('a', seen, (label) => {
      if (label === '1')
        process.nextTick(() => {
          throw thrown;
        });
    });
    await expect(
      uncaughtWhile(() => {
        for (const label of ['1', '2', '3']) enqueueDelivery(target, text(label));
      }),
    ).resolves.toBe(thrown);
    expect(seen).toEqual(['a:1', 'a:2', 'a:3']);
  });

  it('a group gives each member a turn of its own in order; a frame a member queues comes after the whole group', async () => {
    const seen: string[] = [];
    let laterArrived: () => void = () => undefined;
    const arrived = withTimeout(new Promise<void>((resolve) => (laterArrived = resolve)), 10_000);
    const later = recorder('later', seen, () => laterArrived());
    const group = new DeliveryGroup();
    for (const name of ['a', 'b', 'c'])
      group.add(
        recorder(name, seen, () => {
          queueMicrotask(() => seen.push(`${name}:microtask`));
          if (name === 'a') enqueueDelivery(later, text('sent by a'));
        }),
      );
    enqueueDelivery(group, text('1'));
    await arrived;
    expect(seen).toEqual(['a:1', 'a:microtask', 'b:1', 'b:microtask', 'c:1', 'c:microtask', 'later:sent by a']);
  });

  it('a group member whose turn throws does not stall the group or get the frame twice; the error is not swallowed', async () => {
    const seen: string[] = [];
    const thrown = new Error('member failed');
    const group = new DeliveryGroup();
    group.add(recorder('a', seen));
    group.add(
      recorder('b', seen, () => {
        throw thrown;
      }),
    );
    group.add(recorder('c', seen));
    await expect(
      uncaughtWhile(() => {
        enqueueDelivery(group, text('1'));
        enqueueDelivery(recorder('d', seen), text('2'));
      }),
    ).resolves.toBe(thrown);
    expect(seen).toEqual(['a:1', 'b:1', 'c:1', 'd:2']);
  });

  it('keeps order through bursts of many chunks, of exactly one or two chunks, and of a few frames', async () => {
    // With the marker `drained()` adds, 2,047 frames fill a chunk exactly (2,048 entries): the queue must find itself
    // empty there, not move on to a chunk that is not there.
    for (const count of [10_000, 2047, 4095, 2048, 300]) {
      const seen: string[] = [];
      const target = recorder('a', seen);
      for (let i = 0; i < count; i++) enqueueDelivery(target, text(String(i)));
      await drained();
      expect(seen).toEqual(Array.from({ length: count }, (_, i) => `a:${i}`));
    }
  });

  it('keeps order when listeners send while a burst is spread over several chunks', async () => {
    const seen: string[] = [];
    const b = recorder('b', seen);
    const a = recorder('a', seen, (label) => enqueueDelivery(b, text(`re ${label}`)));
    for (let i = 0; i < 3000; i++) enqueueDelivery(a, text(String(i)));
    await drained();
    await drained();
    const sent = Array.from({ length: 3000 }, (_, i) => `a:${i}`);
    expect(seen.filter((entry) => entry.startsWith('a:'))).toEqual(sent);
    expect(seen.filter((entry) => entry.startsWith('b:'))).toEqual(sent.map((entry) => `b:re ${entry.slice(2)}`));
    // Each answer was queued behind every frame of the burst, so it comes after all of them.
    expect(seen.indexOf('b:re 0')).toBe(3000);
  });

  // Regression: frames were delivered on setImmediate, so whoever clears the timers a piece of code
  // made (as @ws-isolation/jest-environment does for a test whose late work it stopped) lost the frames it sent.
  it('is no timer: clearing every timer made while sending loses no frame', async () => {
    const made: unknown[] = [];
    const hook = createHook({
      init(_id, type, _trigger, resource) {
        if (type === 'Immediate' || type === 'Timeout') made.push(resource);
      },
    });
    const seen: string[] = [];
    hook.enable();
    try {
      enqueueDelivery(recorder('a', seen), text('1'));
    } finally {
      hook.disable();
    }
    for (const timer of made) {
      nodeClearImmediate(timer as NodeJS.Immediate);
      nodeClearTimeout(timer as NodeJS.Timeout);
    }
    await drained();
    expect(made).toEqual([]);
    expect(seen).toEqual(['a:1']);
  });
});
