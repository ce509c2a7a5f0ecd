import { join } from 'node:path';
import { TIMELINE_DIR_ENV } from '@ws-isolation/internal';
import type { ResolvedOptions } from '../options';
import type { TestCase, TestReport } from '../types';
import { pickWindow, readTimelines, timelineKey, type TimelineStage } from './read-timelines';

/** Where the runner asks the test environment for timelines, and which Jest process ran which stage. */
export interface TimelineRecording {
  /** The options every Jest process is started with: the timeline directory in `env`, spawns noted. */
  options: ResolvedOptions;
  /** Reads the timelines back into the reports, each test's by its file and name. */
  attach(tests: readonly TestCase[], reports: readonly TestReport[]): void;
}

const RECORDED_STAGES = new Set<string>(['suite', 'isolated', 'confirm']);

/**
 * Asks every Jest process of the run for a timeline (`WSI_TIMELINE_DIR`, a
 * directory in the run's work directory), and notes which stage each process
 * ran from the `spawn` progress events, so a file can be put with its run.
 */
export function recordTimelines(options: ResolvedOptions, workDir: string): TimelineRecording {
  const dir = join(workDir, 'timeline');
  const stages = new Map<number, TimelineStage>();
  const onProgress = options.onProgress;
  const recording: ResolvedOptions = {
    ...options,
    env: { ...options.env, [TIMELINE_DIR_ENV]: dir },
    onProgress: (event) => {
      if (event.type === 'spawn' && RECORDED_STAGES.has(event.stage))
        stages.set(event.pid, event.stage as TimelineStage);
      onProgress?.(event);
    },
  };
  return {
    options: recording,
    attach(tests, reports) {
      const windows = readTimelines(dir, (pid) => stages.get(pid));
      if (windows.size === 0) return;
      tests.forEach((test, index) => {
        const found = windows.get(timelineKey(test.file, test.fullName));
        const report = reports[index];
        if (found === undefined || report === undefined) return;
        const isolated = pickWindow(found, 'isolated');
        const suite = pickWindow(found, 'suite');
        report.timeline = { ...(isolated ? { isolated } : {}), ...(suite ? { suite } : {}) };
      });
    },
  };
}
