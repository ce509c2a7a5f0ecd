import fc from 'fast-check';
import { ManualClock, flushMicrotasks } from '@ws-isolation/test-utils';
import { createThrottle, type Permit, type Throttle, type ThrottleOptions } from '../src';

type Op =
  | { kind: 'acquire'; key: string | undefined; abortable: boolean; timeoutMs: number | undefined }
  | { kind: 'release'; pick: number }
  | { kind: 'abort'; pick: number }
  | { kind: 'advance'; ms: number };

interface Request {
  readonly id: number;
  readonly key: string | undefined;
  readonly controller: AbortController | undefined;
  readonly timeoutMs: number | undefined;
  state: 'queued' | 'held' | 'released' | 'rejected';
  permit?: Permit;
  code?: string;
  abortedWhileQueued?: boolean;
}

const configArb: fc.Arbitrary<ThrottleOptions> = fc
  .record({
    concurrency: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    rate: fc.option(
      fc.record({ tokens: fc.integer({ min: 1, max: 5 }), intervalMs: fc.integer({ min: 1, max: 1000 }) }),
      { nil: undefined },
    ),
    burst: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
    maxQueue: fc.integer({ min: 0, max: 12 }),
  })
  .filter((c) => c.concurrency !== undefined || c.rate !== undefined)
  .map((c) => (c.rate === undefined ? { concurrency: c.concurrency, maxQueue: c.maxQueue } : c));

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('acquire' as const),
      key: fc.constantFrom('a', 'b', 'c', undefined),
      abortable: fc.boolean(),
      timeoutMs: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('abort' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 1500 }) }) },
);

/** Drives a throttle through random operations, checking the invariants after every step. */
class Harness {
  readonly clock = new ManualClock();
  readonly throttle: Throttle;
  readonly requests: Request[] = [];
  /** Requests granted while an earlier one of the same key still waited; checked in `check()`, since a throw inside a promise callback would go unseen. */
  readonly overtakes: string[] = [];

  constructor(readonly config: ThrottleOptions) {
    this.throttle = createThrottle({ ...config, clock: this.clock });
  }

  async apply(op: Op): Promise<void> {
    const activeBefore = this.throttle.stats().active;
    if (op.kind === 'acquire') this.#acquire(op);
    else if (op.kind === 'release') this.#pick(op.pick, 'held')?.permit!.release();
    else if (op.kind === 'abort') this.#abort(op.pick);
    else this.clock.advance(op.ms);
    await flushMicrotasks();
    // Abort frees nothing it did not hold.
    if (op.kind === 'abort') expect(this.throttle.stats().active).toBe(activeBefore);
    this.check();
  }

  check(): void {
    const stats = this.throttle.stats();
    const count = (state: Request['state']): number => this.requests.filter((r) => r.state === state).length;
    const { concurrency, rate, burst } = this.config;
    expect(this.overtakes).toEqual([]);
    if (concurrency !== undefined) expect(stats.active).toBeLessThanOrEqual(concurrency);
    if (rate !== undefined) {
      expect(stats.tokens).toBeGreaterThanOrEqual(0);
      expect(stats.tokens).toBeLessThanOrEqual(burst ?? rate.tokens);
    }
    expect(stats.active).toBe(count('held'));
    expect(stats.queued).toBe(count('queued'));
    expect(stats.granted).toBe(count('held') + count('released'));
    expect(stats.rejected).toBe(count('rejected'));
    // No waiter is left queued while a permit could be granted.
    if (stats.queued > 0) expect(stats.active === concurrency || stats.tokens === 0).toBe(true);
    // With nobody waiting, no timer is left behind.
    if (stats.queued === 0) expect(this.clock.pending).toBe(0);
  }

  /** Releases what is held and lets time pass until every waiter is served. */
  async drain(): Promise<void> {
    const step = this.config.rate?.intervalMs ?? 1;
    for (let round = 0; round <= this.requests.length + 1 && this.throttle.stats().queued > 0; round++) {
      for (const request of this.requests) if (request.state === 'held') request.permit!.release();
      this.clock.advance(step);
      await flushMicrotasks();
      this.check();
    }
    for (const request of this.requests) if (request.state === 'held') request.permit!.release();
    await flushMicrotasks();
  }

  #acquire(op: Extract<Op, { kind: 'acquire' }>): void {
    const controller = op.abortable ? new AbortController() : undefined;
    const request: Request = {
      id: this.requests.length,
      key: op.key,
      controller,
      timeoutMs: op.timeoutMs,
      state: 'queued',
    };
    this.requests.push(request);
    this.throttle.acquire({ key: op.key, signal: controller?.signal, timeoutMs: op.timeoutMs }).then(
      (permit) => this.#granted(request, permit),
      (error: { code: string }) => {
        request.state = 'rejected';
        request.code = error.code;
      },
    );
  }

  #granted(request: Request, permit: Permit): void {
    // FIFO per key: nobody of the same key who asked earlier is still waiting.
    const overtaken = this.requests.filter((r) => r.key === request.key && r.id < request.id && r.state === 'queued');
    for (const earlier of overtaken)
      this.overtakes.push(`${request.id} before ${earlier.id} (key ${String(request.key)})`);
    request.state = 'held';
    request.permit = permit;
    const release = permit.release.bind(permit);
    permit.release = () => {
      if (request.state === 'held') request.state = 'released';
      release();
    };
  }

  #abort(pick: number): void {
    const abortable = this.requests.filter((r) => r.controller !== undefined && !r.controller.signal.aborted);
    const request = abortable[pick % Math.max(1, abortable.length)];
    if (request === undefined) return;
    if (request.state === 'queued') request.abortedWhileQueued = true;
    request.controller!.abort();
  }

  #pick(pick: number, state: Request['state']): Request | undefined {
    const candidates = this.requests.filter((r) => r.state === state);
    return candidates[pick % Math.max(1, candidates.length)];
  }
}

describe('throttle properties', () => {
  it('keeps its invariants over random acquire, release, abort and advance sequences', async () => {
    await fc.assert(
      fc.asyncProperty(configArb, fc.array(opArb, { maxLength: 60 }), async (config, ops) => {
        const harness = new Harness(config);
        for (const op of ops) await harness.apply(op);
        await harness.drain();
        const { requests, throttle } = harness;
        // Every grant was released, every other request rejected, for a reason it could have.
        for (const request of requests) {
          expect(['released', 'rejected']).toContain(request.state);
          if (request.code === 'ERR_WSI_ABORTED') expect(request.abortedWhileQueued).toBe(true);
          if (request.code === 'ERR_WSI_THROTTLE_TIMEOUT') expect(request.timeoutMs).toBeDefined();
          if (request.state === 'rejected')
            expect(['ERR_WSI_ABORTED', 'ERR_WSI_THROTTLE_TIMEOUT', 'ERR_WSI_THROTTLE_QUEUE_FULL']).toContain(
              request.code,
            );
        }
        expect(throttle.stats()).toMatchObject({ active: 0, queued: 0 });
        expect(harness.clock.pending).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
