/**
 * One process of the "grants per second across processes" workload: connects
 * to the shared store, waits for "go", then keeps 4 acquires in flight until it
 * has its share of grants, releasing each permit at once.
 */
import { createThrottle } from '@ws-isolation/throttle';
import { createRedisStore } from '@ws-isolation/throttle/redis';

interface Config {
  url: string;
  name: string;
  grants: number;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]!) as Config;
  const store = createRedisStore({ url: config.url, name: config.name });
  const throttle = createThrottle({ concurrency: 8, store });
  await store.connect();
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send!({ type: 'ready' });
  });
  let started = 0;
  const lane = async (): Promise<void> => {
    while (started < config.grants) {
      started += 1;
      const permit = await throttle.acquire({ timeoutMs: 60_000 });
      permit.release();
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  await store.close();
  process.send!({ type: 'done' }, () => process.exit(0));
}

main().catch((error: unknown) => {
  process.send!({ type: 'error', message: error instanceof Error ? error.message : String(error) }, () =>
    process.exit(1),
  );
});
