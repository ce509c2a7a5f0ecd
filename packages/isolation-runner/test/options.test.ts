import { IsolationErrorCode, runIsolation } from '../src';
import { resolveOptions, DEFAULT_TIMEOUT_MS } from '../src/options';
import { ManualClock } from '@ws-isolation/test-utils';

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

describe('resolveOptions', () => {
  it('fills in the defaults and resolves paths against cwd', () => {
    const resolved = resolveOptions({ cwd: '/project', config: 'jest.config.js' });
    expect(resolved).toMatchObject({
      cwd: '/project',
      config: '/project/jest.config.js',
      timeoutMs: DEFAULT_TIMEOUT_MS,
      repeat: 1,
      bisect: true,
      env: {},
    });
    expect(resolved.workers).toBeGreaterThanOrEqual(1);
  });

  it('takes an injected clock', () => {
    const clock = new ManualClock();
    expect(resolveOptions({ clock }).clock).toBe(clock);
  });

  it.each([
    ['timeoutMs', { timeoutMs: 0 }, 'timeoutMs must be an integer from 1 to 2147483647; received 0'],
    [
      'suiteTimeoutMs',
      { suiteTimeoutMs: Number.NaN },
      'suiteTimeoutMs must be an integer from 1 to 2147483647; received NaN',
    ],
    ['workers', { workers: '2' }, 'workers must be an integer >= 1; received "2"'],
    ['repeat', { repeat: 0 }, 'repeat must be an integer >= 1; received 0'],
    ['bisect', { bisect: 'no' }, 'bisect must be a boolean; received "no"'],
    ['filter', { filter: '(' }, 'filter must be a valid regular expression; received "("'],
    ['cwd', { cwd: '' }, 'cwd must be a non-empty string; received ""'],
    ['env', { env: { A: 1 } }, 'env must be an object of strings; received {"A":1}'],
    [
      'clock',
      { clock: { now: () => 0 } },
      'clock must be an object with now(), setTimeout(fn, ms) and clearTimeout(id); received {}',
    ],
  ])('rejects a bad %s with ERR_WSI_INVALID_OPTION naming it and the value', (_name, options, message) => {
    let caught: { code?: unknown; message?: unknown } | undefined;
    try {
      resolveOptions(options as never);
    } catch (error) {
      caught = error as typeof caught;
    }
    expect(caught?.code).toBe(IsolationErrorCode.INVALID_OPTION);
    expect(caught?.message).toBe(message);
  });

  it('runIsolation rejects bad options before it starts anything', async () => {
    await expect(runIsolation({ repeat: -1 })).rejects.toMatchObject({ code: IsolationErrorCode.INVALID_OPTION });
    expect(codeOf(() => resolveOptions({ seed: 1.5 }))).toBe(IsolationErrorCode.INVALID_OPTION);
  });
});
