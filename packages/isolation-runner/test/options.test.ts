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
    [
      'timeoutMs',
      { timeoutMs: 0 },
      'runIsolation() option timeoutMs must be an integer from 1 to 2147483647; received 0',
    ],
    [
      'suiteTimeoutMs',
      { suiteTimeoutMs: Number.NaN },
      'runIsolation() option suiteTimeoutMs must be an integer from 1 to 2147483647; received NaN',
    ],
    ['workers', { workers: '2' }, 'runIsolation() option workers must be an integer >= 1; received "2"'],
    ['repeat', { repeat: 0 }, 'runIsolation() option repeat must be an integer >= 1; received 0'],
    ['bisect', { bisect: 'no' }, 'runIsolation() option bisect must be a boolean; received "no"'],
    ['filter', { filter: '(' }, 'runIsolation() option filter must be a valid regular expression; received "("'],
    ['cwd', { cwd: '' }, 'runIsolation() option cwd must be a non-empty string; received ""'],
    [
      'isolation',
      { isolation: 'fast' },
      'runIsolation() option isolation must be one of "warm", "process"; received "fast"',
    ],
    ['a misspelt key', { timeout: 1000 }, 'runIsolation() has no option "timeout"; did you mean "timeoutMs"?'],
    [
      'an inherited name',
      JSON.parse('{"__proto__": 1}'),
      'runIsolation() has no option "__proto__"; the options are cwd, config, filter, timeoutMs, suiteTimeoutMs, ' +
        'workers, bisect, repeat, seed, tailLines, isolation, shard, durations, coverage, env, onProgress, clock',
    ],
    [
      'shard',
      { shard: { index: 3, count: 2 } },
      'runIsolation() option shard must be an integer from 1 to 2; received 3',
    ],
    ['env', { env: { A: 1 } }, 'runIsolation() option env must be an object of strings; received {"A":1}'],
    [
      'clock',
      { clock: { now: () => 0 } },
      'runIsolation() option clock must be an object with now(), setTimeout(fn, ms) and clearTimeout(id); received {}',
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
