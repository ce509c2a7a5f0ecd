import { maxOverlap, Worker, type Interval, type WorkerConfig } from './workers';
import { testRedis, uniqueName } from './redis-server';

// The "done when": four Node processes, 10 permits each, concurrency 3 through Redis.
let redis: Awaited<ReturnType<typeof testRedis>>;
const workers: Worker[] = [];

beforeAll(async () => {
  redis = await testRedis();
});
afterEach(() => {
  for (const worker of workers.splice(0)) worker.stop();
});
afterAll(() => redis.stop());

function start(config: Omit<WorkerConfig, 'url'>): Worker {
  const worker = new Worker({ ...config, url: redis.url });
  workers.push(worker);
  return worker;
}

async function runAll(group: Worker[]): Promise<Interval[]> {
  await Promise.all(group.map((worker) => worker.next('ready')));
  for (const worker of group) worker.go();
  const done = await Promise.all(group.map((worker) => worker.next('done')));
  return done.flatMap((message) => message.intervals!);
}

const now = (): number => performance.timeOrigin + performance.now();

// Each case starts Node processes; on a loaded machine that alone takes seconds.
jest.setTimeout(60_000);

describe('Redis store across processes', () => {
  it('grants all 40 permits of four processes (10 each, held 50 ms) with never more than 3 held at once', async () => {
    const name = uniqueName('four');
    // No holder dies here: a lease longer than any stall of a loaded machine keeps a slow but living holder's
    // permit its own (a lease that ran out would rightly hand the permit on, and count 4). Not longer still: a
    // Redis server that started less than a lease ago grants nothing until a lease has passed (its recovery window).
    const four = Array.from({ length: 4 }, () =>
      start({ name, leaseMs: 10_000, throttle: { concurrency: 3 }, permits: 10, holdMs: 50 }),
    );
    const intervals = await runAll(four);
    expect(intervals).toHaveLength(40);
    // Each interval runs from after the grant to before the release, so it lies inside the one Redis counted.
    expect(maxOverlap(intervals)).toBeLessThanOrEqual(3);
    // Four processes each alone would hold 3 at once: more than one at a time shows the cap was shared, not serial.
    expect(maxOverlap(intervals)).toBeGreaterThan(1);
  });

  it('a fifth process killed (SIGKILL) while holding 3 permits delays the others by no more than the lease', async () => {
    const name = uniqueName('killed');
    const leaseMs = 3000;
    const fifth = start({ name, leaseMs, throttle: { concurrency: 3 }, permits: 3, holdMs: null });
    await fifth.next('ready');
    fifth.go();
    await fifth.next('holding');
    const four = Array.from({ length: 4 }, () =>
      start({ name, leaseMs, throttle: { concurrency: 3 }, permits: 10, holdMs: 50 }),
    );
    await Promise.all(four.map((worker) => worker.next('ready')));
    for (const worker of four) worker.go();
    const killedAt = now();
    await fifth.kill();
    const done = await Promise.all(four.map((worker) => worker.next('done')));
    const intervals = done.flatMap((message) => message.intervals!);
    expect(intervals).toHaveLength(40);
    const firstGrant = Math.min(...intervals.map((interval) => interval.grantAt));
    // Nothing was granted while the dead process's leases ran: its 3 slots counted until they expired.
    expect(firstGrant).toBeGreaterThan(killedAt);
    // Its last renewal was at most a lease before the kill. The waiters wake when that lease ends (one
    // timer and one round trip after it): half a lease covers a loaded machine, a second lease would not fit.
    expect(firstGrant - killedAt).toBeLessThanOrEqual(leaseMs * 1.5);
    expect(maxOverlap(intervals)).toBeLessThanOrEqual(3);
  });

  it('shares one token bucket: four processes together are granted at the configured rate', async () => {
    const name = uniqueName('rate');
    const tokens = 20;
    const intervalMs = 1000;
    const burst = 2;
    const four = Array.from({ length: 4 }, () =>
      start({ name, leaseMs: 3000, throttle: { rate: { tokens, intervalMs }, burst }, permits: 5, holdMs: 0 }),
    );
    await Promise.all(four.map((worker) => worker.next('ready')));
    for (const worker of four) worker.go();
    const done = await Promise.all(four.map((worker) => worker.next('done')));
    const startAt = Math.min(...done.map((message) => message.startAt!));
    const grants = done.flatMap((message) => message.intervals!.map((interval) => interval.grantAt)).sort();
    expect(grants).toHaveLength(20);
    // 20 grants from a bucket of 2 need 18 tokens earned, one per 50 ms: 900 ms at least after the first call.
    // Four buckets of their own would be done after 150 ms. (2 ms: Redis counts whole milliseconds.)
    const minimumMs = ((grants.length - burst) * intervalMs) / tokens;
    expect(grants[grants.length - 1]! - startAt).toBeGreaterThanOrEqual(minimumMs - 2);
  });
});
