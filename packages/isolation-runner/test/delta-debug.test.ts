import { minimizeFailingSet } from '../src';

describe('minimizeFailingSet', () => {
  const items = Array.from({ length: 16 }, (_, i) => `t${i}`);

  it('finds a single polluter in a few probes', async () => {
    const seen: string[][] = [];
    const { minimal, probes } = await minimizeFailingSet(
      items,
      async (subset) => {
        seen.push(subset);
        return subset.includes('t11');
      },
      32,
    );
    expect(minimal).toEqual(['t11']);
    expect(probes).toBeLessThanOrEqual(8);
    // Every probe keeps the original order.
    for (const subset of seen) expect([...subset].sort((x, y) => items.indexOf(x) - items.indexOf(y))).toEqual(subset);
  });

  it('finds a pair that only fails together', async () => {
    const { minimal } = await minimizeFailingSet(
      items,
      async (subset) => subset.includes('t2') && subset.includes('t13'),
      64,
    );
    expect(minimal).toEqual(['t2', 't13']);
  });

  it('stops at the probe budget with the smallest failing set found so far', async () => {
    let calls = 0;
    const { minimal, probes } = await minimizeFailingSet(
      items,
      async (subset) => {
        calls += 1;
        return subset.includes('t5');
      },
      1,
    );
    expect(probes).toBe(1);
    expect(calls).toBe(1);
    expect(minimal).toContain('t5');
    expect(minimal.length).toBeLessThan(items.length);
  });
});
