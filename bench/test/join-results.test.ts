import { fullPlan, type CaseSpec } from '../src/plan';
import type { CaseResult } from '../src/result';
import { joinResults } from '../src/join';

const spec: CaseSpec = {
  id: 'connection-throughput/100000/raw-ws',
  section: 'connection-throughput',
  subject: 'raw-ws',
  label: 'raw ws',
  size: 100_000,
  runs: 2,
  warmup: 0,
  processes: 3,
  timeoutMs: 20_000,
  nodeFlags: [],
  needs: [],
};

function part(msgsPerSec: number[], extra: Partial<CaseResult> = {}): CaseResult {
  return { spec, status: 'ok', runs: msgsPerSec.map((rate) => ({ ms: 1, msgsPerSec: rate })), wallMs: 10, ...extra };
}

describe('joining the processes of a case', () => {
  it('keeps every run of every process, the largest peak RSS and the summed wall time', () => {
    const joined = joinResults(spec, [part([1, 2], { maxRssKb: 10 }), part([3, 4], { maxRssKb: 30 }), part([5, 6])]);
    expect(joined).toEqual({
      spec,
      status: 'ok',
      runs: [1, 2, 3, 4, 5, 6].map((rate) => ({ ms: 1, msgsPerSec: rate })),
      maxRssKb: 30,
      wallMs: 30,
    });
  });

  it('takes the first status that is not ok, with its reason, and still keeps the runs that finished', () => {
    const joined = joinResults(spec, [
      part([1, 2]),
      part([3], { status: 'timeout', reason: 'killed after 20 s' }),
      part([], { status: 'error', reason: 'crashed' }),
    ]);
    expect(joined.status).toBe('timeout');
    expect(joined.reason).toBe('killed after 20 s');
    expect(joined.runs).toHaveLength(3);
  });

  it.each([
    ['open-close/1000/', 'open-close of 1,000'],
    ['fan-out/100/', 'fan-out'],
    ['fan-out-open/100/', 'fan-out on clients kept open'],
  ])('runs every in-memory library of %s (%s) in the same number of processes, more than one', (prefix) => {
    const cases = fullPlan().filter((each) => each.id.startsWith(prefix) && each.subject !== 'ws');
    expect(cases.map((each) => each.subject)).toEqual(expect.arrayContaining(['ours', 'mock-socket']));
    expect(new Set(cases.map((each) => each.processes)).size).toBe(1);
    expect(cases[0]!.processes).toBeGreaterThan(1);
  });

  it('gives both sides of the Connection throughput ratio the same number of processes', () => {
    const throughput = fullPlan().filter((each) => each.section === 'connection-throughput');
    expect(throughput.map((each) => each.subject).sort()).toEqual(['connection', 'raw-ws']);
    expect(new Set(throughput.map((each) => each.processes)).size).toBe(1);
    expect(throughput[0]!.processes).toBeGreaterThan(1);
  });
});
