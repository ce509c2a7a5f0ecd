import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTimeout } from '@ws-isolation/test-utils';
import { EVENTS_FILE_ENV, WARM_PLAN_ENV, type JestEvent, type WarmFeedLine, type WarmPlan } from '../src/jest/events';
import WarmRunner from '../src/jest/warm-runner';
import { callResult, FAKE_TEST, FakeFarm } from './fake-worker-farm';
import { tempDir } from './helpers';

const dir = tempDir('wsi-warm-runner-');
const saved = { plan: process.env[WARM_PLAN_ENV], events: process.env[EVENTS_FILE_ENV] };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const [name, value] of [
    [WARM_PLAN_ENV, saved.plan],
    [EVENTS_FILE_ENV, saved.events],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/**
 * Writes a plan for two workers and a feed with these tests of `FAKE_TEST`, then the end unless `open` (the suite
 * has more to name); returns the events file.
 */
function prepare(names: string[], open = false): string {
  const testsFile = join(dir, 'tests.jsonl');
  const lines: WarmFeedLine[] = [{ file: FAKE_TEST.path, names }, ...(open ? [] : [{ end: true as const }])];
  writeFileSync(testsFile, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
  const plan: WarmPlan = {
    testsFile,
    workers: 2,
    repeat: 1,
    timeoutMs: 60_000,
    jestRunner: '/nowhere/jest-runner',
    workerModule: '/nowhere/warm-worker.js',
  };
  const planFile = join(dir, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  const eventsFile = join(dir, 'events.jsonl');
  writeFileSync(eventsFile, '');
  process.env[WARM_PLAN_ENV] = planFile;
  process.env[EVENTS_FILE_ENV] = eventsFile;
  return eventsFile;
}

function warmResults(eventsFile: string): [string, string][] {
  return readFileSync(eventsFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JestEvent)
    .flatMap((event) => (event.type === 'warm-result' ? [[event.fullName, event.status] as [string, string]] : []));
}

describe('WarmRunner when a lane fails', () => {
  // Open: the suite has more tests to name, and a lane with nothing to run waits for them.
  it.each([
    ['has named every test', false],
    ['is still open', true],
  ])(
    'ends its workers only once no other lane is in a call, keeping that call’s result (the feed %s)',
    async (_feed, open) => {
      const eventsFile = prepare(['x', 'y', 'z'], open);
      FakeFarm.reset();
      // The worker that replaces x's crashes in its set-up: the lane that ran x fails at its next test, z.
      const crash = new Error('the worker crashed in its set-up');
      FakeFarm.startError = (farm) => (FakeFarm.made.indexOf(farm) === 2 ? crash : undefined);
      const running = new WarmRunner({}, {}, { Worker: FakeFarm }).runTests([FAKE_TEST]);
      const settled = running.then(
        () => undefined,
        (error: unknown) => error,
      );
      await FakeFarm.until(
        () => FakeFarm.made.length === 2 && FakeFarm.made.every((farm) => farm.calls.length === 1),
        'a call in each worker',
      );
      const [first, second] = FakeFarm.made as [FakeFarm, FakeFarm];
      expect([first.calls[0]!.name, second.calls[0]!.name]).toEqual(['x', 'y']);
      first.calls[0]!.settle(callResult('x', 'failed'));
      await FakeFarm.until(() => FakeFarm.made[2]?.start === 'crashed', 'the replacement worker to crash');
      // Every promise callback runs before the next turn of the event loop: the failure has gone through the
      // runner, while the other lane is still in its call.
      await new Promise<void>((resolve) => setImmediate(resolve));
      second.calls[0]!.settle(callResult('y', 'passed'));
      expect(await withTimeout(settled, 10_000, 'the warm runner to end')).toBe(crash);
      expect(second.endedMidCall).toBe(false);
      expect(FakeFarm.made.map((farm) => farm.ended)).toEqual([true, true, true]);
      // z never ran: the runner confirms what got no result in a process of its own.
      expect(FakeFarm.made.flatMap((farm) => farm.calls.map((call) => call.name))).toEqual(['x', 'y']);
      expect(warmResults(eventsFile)).toEqual([
        ['x', 'failed'],
        ['y', 'passed'],
      ]);
    },
  );
});
