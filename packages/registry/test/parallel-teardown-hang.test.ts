import { withTimeout } from '@ws-isolation/test-utils';
import { createRegistry } from '../src';
import { fakeInstance, never } from './fixtures';

// The original suite hung here: two parallel connections whose peer never
// acknowledged close, force-cleaned concurrently during teardown.
describe('parallel teardown of two instances whose close never resolves', () => {
  it('returns within the bound and lists both as forced', async () => {
    const registry = createRegistry();
    const first = fakeInstance(never);
    const second = fakeInstance(never);
    registry.track(first, { scope: 'test' });
    registry.track(second, { scope: 'test' });

    const [a, b] = await withTimeout(
      Promise.all([registry.cleanupAll({ timeoutMs: 100 }), registry.cleanupAll({ timeoutMs: 100 })]),
      5000,
      'two concurrent cleanups',
    );

    for (const report of [a, b]) {
      expect(report.forced.map((e) => e.id).sort()).toEqual([first.id, second.id].sort());
      expect(report.closed).toEqual([]);
    }
    expect(first.terminateCalls).toBeGreaterThanOrEqual(1);
    expect(second.terminateCalls).toBeGreaterThanOrEqual(1);
    expect(registry.size).toBe(0);
  });
});
