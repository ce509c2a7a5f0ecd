import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { isInstalled } from './ours';
import type { CaseSpec } from './plan';
import type { CaseMessage } from './protocol';
import type { CaseResult } from './result';
import type { RunMetrics } from './workloads/metrics';
import { joinResults } from './join';

const CASE_SCRIPT = fileURLToPath(new URL('./case.js', import.meta.url));

/** Our packages that are not installed yet, so the case cannot run. */
export function missingPackages(spec: CaseSpec): string[] {
  return spec.needs.filter((name) => !isInstalled(name));
}

/** Runs one case in a fresh Node process, killed at its timeout. Never rejects. */
function runCase(spec: CaseSpec): Promise<CaseResult> {
  if (spec.skip !== undefined)
    return Promise.resolve({ spec, status: 'skipped', runs: [], reason: spec.skip, wallMs: 0 });
  const missing = missingPackages(spec);
  if (missing.length > 0) {
    return Promise.resolve({
      spec,
      status: 'unavailable',
      runs: [],
      reason: `not yet available: ${missing.join(', ')}`,
      wallMs: 0,
    });
  }
  const start = performance.now();
  const runs: RunMetrics[] = [];
  let output = '';
  return new Promise<CaseResult>((resolve) => {
    const child = fork(CASE_SCRIPT, [JSON.stringify(spec)], {
      // Without --expose-gc, the child's `gc` is not there and it forces no collection before a run.
      execArgv: [...(spec.noGc === true ? [] : ['--expose-gc']), ...spec.nodeFlags],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (chunk: Buffer): void => {
      if (output.length < 4000) output += chunk.toString();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    let settled: CaseResult | undefined;
    const finish = (result: Omit<CaseResult, 'spec' | 'runs' | 'wallMs'>): void => {
      settled ??= { spec, runs, wallMs: performance.now() - start, ...result };
    };
    const timer = setTimeout(() => {
      finish({
        status: 'timeout',
        reason: `did not finish ${spec.warmup + spec.runs} runs within ${spec.timeoutMs / 1000} s`,
      });
      child.kill('SIGKILL');
    }, spec.timeoutMs);
    child.on('message', (message: CaseMessage) => {
      if (message.type === 'run') runs.push(message.metrics);
      else if (message.type === 'done') finish({ status: 'ok', maxRssKb: message.maxRssKb });
      else finish({ status: 'error', reason: message.message });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      finish({
        status: 'error',
        reason: `case process exited (${signal ?? code}) before reporting: ${output.trim().slice(0, 500)}`,
      });
      resolve(settled!);
    });
  });
}

/**
 * Runs each case in `processes` fresh processes, the cases taking turns
 * (A, B, A, B, …), and joins each case's runs into one result.
 */
export async function runInTurns(specs: readonly CaseSpec[]): Promise<CaseResult[]> {
  const parts = new Map<CaseSpec, CaseResult[]>(specs.map((spec) => [spec, []]));
  const rounds = Math.max(...specs.map((spec) => spec.processes ?? 1));
  for (let round = 0; round < rounds; round += 1) {
    for (const spec of specs) if (round < (spec.processes ?? 1)) parts.get(spec)!.push(await runCase(spec));
  }
  return specs.map((spec) => joinResults(spec, parts.get(spec)!));
}
