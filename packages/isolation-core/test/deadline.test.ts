import { deferred, ManualClock } from '@ws-isolation/test-utils';
import { raceDeadline } from '../src/deadline';

describe('raceDeadline', () => {
  it('resolves with the value when the work settles first, and clears its timer', async () => {
    const clock = new ManualClock();
    await expect(raceDeadline(Promise.resolve(7), 100, clock, () => -1)).resolves.toEqual({ done: true, value: 7 });
    expect(clock.pending).toBe(0);
  });

  it('resolves as not done when the deadline passes first', async () => {
    const clock = new ManualClock();
    const never = deferred<number>();
    const raced = raceDeadline(never.promise, 100, clock, () => -1);
    clock.advance(100);
    await expect(raced).resolves.toEqual({ done: false });
  });

  it('maps a rejection through onError instead of rejecting', async () => {
    const clock = new ManualClock();
    const raced = raceDeadline(Promise.reject(new Error('boom')), 100, clock, (error) => (error as Error).message);
    await expect(raced).resolves.toEqual({ done: true, value: 'boom' });
  });
});
