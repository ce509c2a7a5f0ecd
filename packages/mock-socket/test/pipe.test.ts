import { ManualClock, withTimeout } from '@ws-isolation/test-utils';
import type { Frame } from '../src';
import type { QueuedFrame } from '../src/delivery-queue';
import { Pipe } from '../src/pipe';

const noLatency = { latencyMs: () => 0, clock: new ManualClock() };

/** A text message: every other one as its string (as a sink that takes strings gets it), the rest as a frame. */
const text = (n: number): QueuedFrame =>
  n % 2 === 0 ? `m${n}` : ({ type: 'message', data: Buffer.from(`m${n}`), isBinary: false } satisfies Frame);
const expected = (count: number): string[] => Array.from({ length: count }, (_, i) => `m${i}`);

/** A pipe that records what it delivers and resolves once `count` frames arrived. */
function recordingPipe(
  count: number,
  onDeliver: (pipe: Pipe) => void = () => undefined,
): { pipe: Pipe; delivered: string[]; all: Promise<void> } {
  const delivered: string[] = [];
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const pipe: Pipe = new Pipe((frame) => {
    if (typeof frame === 'string') delivered.push(frame);
    else if (frame.type === 'message') delivered.push(frame.data.toString());
    if (delivered.length === count) done();
    onDeliver(pipe);
  }, noLatency);
  return { pipe, delivered, all };
}

describe('Pipe', () => {
  it('delivers a pipelined burst in order, one frame per task with microtasks drained between, across chunks of the queue', async () => {
    // What a microtask queued by each delivery sees: with a task per frame, nothing was delivered after it.
    const seenByMicrotask: number[] = [];
    const { pipe, delivered, all } = recordingPipe(5000, () => {
      const count = delivered.length;
      void Promise.resolve().then(() => seenByMicrotask.push(delivered.length - count));
    });
    for (let i = 0; i < 5000; i++) pipe.push(text(i));
    expect(pipe.inFlight).toBe(5000);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(delivered).toEqual([]);
    await withTimeout(all, 10_000, 'the burst');
    expect(delivered).toEqual(expected(5000));
    expect(pipe.inFlight).toBe(0);
    await withTimeout(new Promise((resolve) => setImmediate(resolve)), 1000);
    expect(seenByMicrotask).toEqual(Array.from({ length: 5000 }, () => 0));
  });

  it('keeps order when frames are pushed while earlier ones are being delivered', async () => {
    let pushed = 0;
    const { pipe, delivered, all } = recordingPipe(3000, (p) => {
      if (pushed < 3000) p.push(text(pushed++));
    });
    while (pushed < 1500) pipe.push(text(pushed++));
    await withTimeout(all, 10_000, 'interleaved delivery');
    expect(delivered).toEqual(expected(3000));
  });

  it('cut() discards what is in flight and ignores later frames', async () => {
    const { pipe, delivered } = recordingPipe(1);
    for (let i = 0; i < 10; i++) pipe.push(text(i));
    pipe.cut();
    expect(pipe.inFlight).toBe(0);
    pipe.push(text(99));
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(delivered).toEqual([]);
  });
});
