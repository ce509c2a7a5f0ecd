import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORDER_FILE_ENV, WARM_PLAN_ENV, WARM_TEST_WORKER_ENV, type JestEvent } from './events';
import type { JestInstallation } from './jest-installation';
import { runJestProcess, type JestProcessResult } from './jest-process';
import type { ResolvedOptions } from '../options';
import type { ProgressEvent } from '../progress-event';
import { exactNamePattern } from '../stages/test-case';

/**
 * The path of a file Jest loads by path (`reporter`, `sequencer`). Built code
 * finds it next to itself in dist; the sources (run by this package's own
 * tests) find it in the built dist one level up.
 */
export function assetPath(name: 'reporter' | 'sequencer' | 'warm-runner' | 'warm-worker'): string {
  const candidates = [join(__dirname, `${name}.js`), join(__dirname, '..', '..', 'dist', `${name}.js`)];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0]!;
}

/** Everything a stage needs to start Jest. */
export interface JestContext {
  options: ResolvedOptions;
  jest: JestInstallation;
  /** A private temp dir for event and order files; removed at the end. */
  workDir: string;
}

export interface JestRequest {
  stage: Extract<ProgressEvent, { type: 'spawn' }>['stage'];
  /** Test files, in the order they must run; absent: every file Jest finds, in path order (or shuffled by `seed`). */
  files?: string[];
  /** Exact full names to run, or a raw `--testNamePattern`; all tests when absent. */
  names?: string[] | { pattern: string };
  /** In band: one process, files in `files` order. Otherwise Jest's workers. */
  inBand: boolean;
  idleMs: number;
  limitMs: number;
  /** Runs the files through the warm runner with this plan file instead of Jest's own runner. */
  warmPlanFile?: string;
  /** Called with each event as the run goes. */
  onEvent?: (event: JestEvent) => void;
  /** Ends the run when aborted (see `JestProcessOptions.stop`). */
  stop?: AbortSignal;
}

let counter = 0;

/** Starts the project's Jest with the streaming reporter and waits for it to be gone. */
export function invokeJest(context: JestContext, request: JestRequest): Promise<JestProcessResult> {
  const { options } = context;
  counter += 1;
  const id = `${process.pid}-${counter}`;
  const eventsFile = join(context.workDir, `events-${id}.jsonl`);
  const orderFile = join(context.workDir, `order-${id}.json`);
  writeFileSync(orderFile, JSON.stringify({ files: request.files ?? [], seed: options.seed }));
  const args = ['--ci', '--verbose', '--watchman=false', `--reporters=${assetPath('reporter')}`];
  if (options.config !== undefined) args.push(`--config=${options.config}`);
  // A project's collectCoverage would slow every run and fill the log with coverage tables.
  if (!options.coverage) args.push('--coverage=false');
  if (request.warmPlanFile !== undefined) args.push(`--runner=${assetPath('warm-runner')}`);
  if (request.inBand) args.push('--runInBand', `--testSequencer=${assetPath('sequencer')}`);
  if (request.inBand && options.seed !== undefined) args.push('--randomize', `--seed=${options.seed}`);
  if (request.names !== undefined) {
    const pattern = Array.isArray(request.names) ? exactNamePattern(request.names) : request.names.pattern;
    args.push(`--testNamePattern=${pattern}`);
  }
  if (request.files !== undefined) args.push('--runTestsByPath', ...request.files);
  return runJestProcess({
    bin: context.jest.bin,
    cwd: options.cwd,
    args,
    eventsFile,
    env: {
      ...options.env,
      [ORDER_FILE_ENV]: orderFile,
      ...(request.warmPlanFile === undefined
        ? {}
        : { [WARM_PLAN_ENV]: request.warmPlanFile, [WARM_TEST_WORKER_ENV]: context.jest.testWorker }),
    },
    onEvent: request.onEvent,
    stop: request.stop,
    idleMs: request.idleMs,
    limitMs: request.limitMs,
    tailLines: options.tailLines,
    clock: options.clock,
    onSpawn: (pid) => options.onProgress?.({ type: 'spawn', pid, stage: request.stage }),
  });
}
