import { performance } from 'node:perf_hooks';
import type { Registry, TrackedInstance } from '@ws-isolation/registry';
import { importOurs, OUR_PACKAGES } from '../ours';
import type { RunMetrics } from './metrics';

type Behaviour = 'closes' | 'never-acknowledges';

function instance(index: number, behaviour: Behaviour): TrackedInstance {
  return {
    id: `bench-${index}`,
    kind: 'bench-instance',
    describe: () => `bench instance ${index} (${behaviour})`,
    // A well-behaved close settles at once; a stuck one never settles.
    close: () => (behaviour === 'closes' ? Promise.resolve() : new Promise<void>(() => undefined)),
    terminate: () => undefined,
  };
}

async function createRegistry(): Promise<Registry> {
  const lib = await importOurs<{ createRegistry(): Registry }>(OUR_PACKAGES.registry);
  return lib.createRegistry();
}

/**
 * `total` tracked instances of which `stuck` never acknowledge close, then one
 * `cleanupAll({ timeoutMs })`. Only the cleanup is timed.
 */
export async function registryCleanup(total: number, stuck: number, timeoutMs: number): Promise<RunMetrics> {
  const registry = await createRegistry();
  const trackStart = performance.now();
  for (let i = 0; i < total; i += 1) {
    // Spread the stuck ones through the list rather than bunching them at one end.
    const isStuck = stuck > 0 && i % Math.floor(total / stuck) === 0 && i / Math.floor(total / stuck) < stuck;
    registry.track(instance(i, isStuck ? 'never-acknowledges' : 'closes'));
  }
  const trackMs = performance.now() - trackStart;
  const start = performance.now();
  const report = await registry.cleanupAll({ timeoutMs });
  const ms = performance.now() - start;
  if (report.closed.length !== total - stuck || report.forced.length !== stuck || registry.size !== 0) {
    throw new Error(
      `cleanupAll reported closed ${report.closed.length}, forced ${report.forced.length}, left ${registry.size}; expected ${total - stuck}, ${stuck}, 0`,
    );
  }
  return { ms, trackMs, timeoutMs, forced: report.forced.length, reportedMs: report.durationMs };
}
