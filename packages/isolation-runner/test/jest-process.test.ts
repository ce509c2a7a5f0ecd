import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { ManualClock, withTimeout } from '@ws-isolation/test-utils';
import { systemClock, type Clock } from '../src/clock';
import { runJestProcess, type JestProcessResult } from '../src/jest/jest-process';
import { liveProcesses, tempDir } from './helpers';

const FAKE_JEST = join(__dirname, 'fixtures', 'scripts', 'fake-jest.js');
const dir = tempDir('wsi-process-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
async function runFake(
  mode: string,
  limits: { idleMs: number; limitMs: number; stopAtFirstEvent?: boolean; clock?: Clock },
): Promise<{ result: JestProcessResult; grandchild: number }> {
  const { stopAtFirstEvent, clock = systemClock, ...bounds } = limits;
  const stop = new AbortController();
  counter += 1;
  const spawned: number[] = [];
  const result = await withTimeout(
    runJestProcess({
      bin: FAKE_JEST,
      cwd: dir,
      args: [mode],
      eventsFile: join(dir, `events-${counter}.jsonl`),
      tailLines: 10,
      clock,
      onSpawn: (pid) => spawned.push(pid),
      onEvent: () => {
        if (stopAtFirstEvent === true) stop.abort();
      },
      stop: stop.signal,
      ...bounds,
    }),
    15_000,
    `the ${mode} process to be gone`,
  );
  expect(spawned).toEqual([result.pid]);
  const line = result.log.find((entry) => entry.text.startsWith('grandchild '));
  return { result, grandchild: Number(line?.text.split(' ')[1]) };
}

describe('runJestProcess', () => {
  it('kills a run that stops making progress, with everything it started', async () => {
    const { result, grandchild } = await runFake('hang', { idleMs: 300, limitMs: 10_000 });
    expect(result.killed).toBe('idle');
    expect(result.signal).toBe('SIGTERM');
    expect(result.events.map((event) => event.type)).toEqual(['run-start']);
    expect(grandchild).toBeGreaterThan(0);
    expect(
      liveProcesses((info) => info.pid === grandchild || info.pid === result.pid || info.pgrp === result.pid),
    ).toEqual([]);
  });

  it('ends a run the caller stopped, keeping its events, with everything it started', async () => {
    // The limits are far off: only the stop ends this run.
    const { result, grandchild } = await runFake('hang', { idleMs: 60_000, limitMs: 60_000, stopAtFirstEvent: true });
    expect(result.killed).toBe('stopped');
    expect(result.events.map((event) => event.type)).toEqual(['run-start']);
    expect(result.openSockets).toEqual([]);
    expect(
      liveProcesses((info) => info.pid === grandchild || info.pid === result.pid || info.pgrp === result.pid),
    ).toEqual([]);
  });

  it('follows SIGTERM with SIGKILL when the process ignores it', async () => {
    const { result } = await runFake('ignore-sigterm', { idleMs: 300, limitMs: 10_000 });
    expect(result.killed).toBe('idle');
    expect(result.signal).toBe('SIGKILL');
    expect(liveProcesses((info) => info.pgrp === result.pid)).toEqual([]);
  });

  it('kills what a process left behind when it exits on its own', async () => {
    const { result, grandchild } = await runFake('exit', { idleMs: 10_000, limitMs: 10_000 });
    expect(result.killed).toBeNull();
    expect(result.exitCode).toBe(0);
    expect(liveProcesses((info) => info.pid === grandchild)).toEqual([]);
  });

  it('leaves no timer behind when the process exited before its results were read', async () => {
    // Time stands still: no poll reads the events while the process runs, so the last read, after the exit, is
    // the first to see the run complete. The run ends on the exit and the pipes' close alone.
    const clock = new ManualClock();
    const { result } = await runFake('complete', { idleMs: 10_000, limitMs: 10_000, clock });
    expect(result.events.map((event) => event.type)).toEqual(['run-start', 'run-complete']);
    expect(result.resultsAt).toBeDefined();
    expect(result.exitCode).toBe(0);
    expect(result.killed).toBeNull();
    // A timer left now would keep the caller's process alive, and then signal a process group that is gone.
    expect(clock.pending).toBe(0);
  });

  it('lets go of a process still there when the run gives up on it, so the caller can exit', async () => {
    // Every timer of the run fires before the process's exit can be noticed, as for a process that even SIGKILL
    // does not end at once: SIGTERM at the limit, SIGKILL after its grace, then the run gives up and reports.
    const clock = new ManualClock();
    const held = (): string[] =>
      process.getActiveResourcesInfo().filter((kind) => kind === 'ProcessWrap' || kind === 'PipeWrap');
    const before = held();
    counter += 1;
    const running = runJestProcess({
      bin: FAKE_JEST,
      cwd: dir,
      args: ['hang'],
      eventsFile: join(dir, `events-${counter}.jsonl`),
      tailLines: 10,
      clock,
      idleMs: 60_000,
      limitMs: 100,
    });
    clock.advance(100 + 500 + 5000);
    const result = await withTimeout(running, 15_000, 'the run to give up');
    expect(result.killed).toBe('limit');
    expect(result.exitCode).toBeNull();
    expect(clock.pending).toBe(0);
    // The child and its pipes no longer keep this process alive: the run is over, whatever the child does now.
    expect(held()).toEqual(before);
  });

  it('kills at the overall limit when that comes first', async () => {
    const { result } = await runFake('hang', { idleMs: 10_000, limitMs: 300 });
    expect(result.killed).toBe('limit');
  });
});
