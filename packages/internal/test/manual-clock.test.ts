import { ManualClock } from '../src/manual-clock';

describe('ManualClock', () => {
  it('fires timers in due order, ties in creation order, with now() at each due time', () => {
    const clock = new ManualClock(10);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 5);
    clock.setTimeout(() => seen.push(`c@${clock.now()}`), 20);
    clock.advance(19);
    expect(seen).toEqual(['a@15']);
    clock.advance(1);
    expect(seen).toEqual(['a@15', 'b@30', 'c@30']);
    expect(clock.now()).toBe(30);
  });

  it('does not fire a cleared timer and counts what is pending', () => {
    const clock = new ManualClock();
    const fired = jest.fn();
    const id = clock.setTimeout(fired, 1);
    expect(clock.pending).toBe(1);
    clock.clearTimeout(id);
    clock.advance(10);
    expect(fired).not.toHaveBeenCalled();
    expect(clock.pending).toBe(0);
  });

  it('advanceAsync lets promise callbacks run between timers', async () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    const wait = (ms: number): Promise<void> => new Promise((resolve) => clock.setTimeout(resolve, ms));
    void (async () => {
      await wait(10);
      seen.push(clock.now());
      await wait(10);
      seen.push(clock.now());
    })();
    await clock.advanceAsync(20);
    expect(seen).toEqual([10, 20]);
  });
});
