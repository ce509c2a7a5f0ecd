import type { CaseSpec } from '../src/plan';
import type { CaseResult } from '../src/result';
import { evaluateTargets } from '../src/targets';

function result(
  section: CaseSpec['section'],
  subject: string,
  size: number,
  runs: Record<string, number>[],
  status: CaseResult['status'] = 'ok',
): CaseResult {
  const spec: CaseSpec = {
    id: `${section}/${size}/${subject}`,
    section,
    subject,
    label: subject,
    size,
    runs: runs.length,
    warmup: 0,
    timeoutMs: 20_000,
    nodeFlags: [],
    needs: [],
  };
  return { spec, status, runs, wallMs: 0, ...(status === 'ok' ? {} : { reason: 'did not finish' }) };
}

const three = (key: string, ...values: number[]): Record<string, number>[] => values.map((value) => ({ [key]: value }));

describe('evaluateTargets', () => {
  it('judges the echo target on the fastest competitor, by medians', () => {
    const outcomes = evaluateTargets([
      result('echo', 'ours', 100_000, three('msgsPerSec', 900, 1000, 1100)),
      result('echo', 'mock-socket', 100_000, three('msgsPerSec', 400, 500, 600)),
      result('echo', 'mswjs-interceptors', 100_000, three('msgsPerSec', 500, 600, 700)),
    ]);
    const echo = outcomes.find((outcome) => outcome.id === 'echo-throughput')!;
    expect(echo.status).toBe('missed');
    expect(echo.measured).toContain('mswjs-interceptors');
    expect(echo.detail).toContain('1.67×');
  });

  it('prints a narrow miss with the digits that show it is one', () => {
    const outcomes = evaluateTargets([
      result('echo', 'ours', 100_000, three('msgsPerSec', 1998)),
      result('echo', 'mock-socket', 100_000, three('msgsPerSec', 1000)),
    ]);
    const echo = outcomes.find((outcome) => outcome.id === 'echo-throughput')!;
    expect(echo.status).toBe('missed');
    expect(echo.measured).toMatch(/^1\.998× /);
    expect(echo.detail).toBe('1.998× where 2× is needed: short by a factor of 1.001');
  });

  it('marks a ratio met by less than a tenth of its bar as met narrowly, and a wider one as plainly met', () => {
    const judge = (ours: number): { status: string; detail: string } =>
      evaluateTargets([
        result('open-close', 'ours', 1_000, three('ms', ours)),
        result('open-close', 'mock-socket', 1_000, three('ms', 63.6)),
      ]).find((outcome) => outcome.id === 'open-close-1k')!;
    expect(judge(31.3)).toEqual(expect.objectContaining({ status: 'met', detail: 'above the bar by 1.6% only' }));
    expect(judge(28)).toEqual(expect.objectContaining({ status: 'met', detail: '' }));
    expect(judge(33)).toEqual(expect.objectContaining({ status: 'missed' }));
  });

  it('says why a target is not measured instead of guessing', () => {
    const outcomes = evaluateTargets([
      result('open-close', 'ours', 1_000, three('ms', 10, 11, 12)),
      result('open-close', 'mock-socket', 1_000, [], 'timeout'),
    ]);
    const openClose = outcomes.find((outcome) => outcome.id === 'open-close-1k')!;
    expect(openClose.status).toBe('not measured');
    expect(openClose.detail).toContain('did not finish');
  });

  it('holds the stuck cleanup to one timeout plus 50 ms', () => {
    const met = evaluateTargets([result('registry-cleanup', 'stuck', 1_000, three('ms', 201, 202, 203))]);
    expect(met.find((outcome) => outcome.id === 'cleanup-stuck')!.status).toBe('met');
    const missed = evaluateTargets([result('registry-cleanup', 'stuck', 1_000, three('ms', 260, 270, 280))]);
    expect(missed.find((outcome) => outcome.id === 'cleanup-stuck')!.detail).toBe('over by 20 ms');
  });

  it('reports the Jest overhead in percent', () => {
    const outcomes = evaluateTargets([
      result('jest-environment', 'ours', 20, three('ms', 1150, 1200, 1250)),
      result('jest-environment', 'node', 20, three('ms', 950, 1000, 1050)),
    ]);
    const jest = outcomes.find((outcome) => outcome.id === 'jest-environment')!;
    expect(jest.status).toBe('missed');
    expect(jest.measured).toMatch(/^\+20%/);
    expect(jest.detail).toBe('over by 10 percentage points');
  });
});
