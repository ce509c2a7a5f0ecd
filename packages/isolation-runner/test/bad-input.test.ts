import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { IsolationError, IsolationErrorCode, runCli, runIsolation, type RunIsolationOptions } from '../src';
import { resolveOptions } from '../src/options';
import { CLEAN, runBin, tempDir } from './helpers';

const MISSING_DIR = join(CLEAN, 'no-such-directory');
const A_FILE = join(CLEAN, 'jest.config.js');

describe('runIsolation() with bad options', () => {
  const cases: Array<[string, unknown, string]> = [
    ['options null', null, 'options'],
    ['options a string', 'fast', 'options'],
    ['options an array', [], 'options'],
    ['timeoutMs 0', { timeoutMs: 0 }, 'timeoutMs'],
    ['timeoutMs negative', { timeoutMs: -1 }, 'timeoutMs'],
    ['timeoutMs NaN', { timeoutMs: Number.NaN }, 'timeoutMs'],
    ['timeoutMs fractional', { timeoutMs: 1.5 }, 'timeoutMs'],
    ['timeoutMs a string', { timeoutMs: '100' }, 'timeoutMs'],
    ['timeoutMs past what a timer can wait', { timeoutMs: 2 ** 31 }, 'timeoutMs'],
    ['suiteTimeoutMs 0', { suiteTimeoutMs: 0 }, 'suiteTimeoutMs'],
    ['suiteTimeoutMs Infinity', { suiteTimeoutMs: Number.POSITIVE_INFINITY }, 'suiteTimeoutMs'],
    ['workers 0', { workers: 0 }, 'workers'],
    ['workers negative', { workers: -2 }, 'workers'],
    ['workers fractional', { workers: 1.5 }, 'workers'],
    ['workers a string', { workers: '2' }, 'workers'],
    ['repeat 0', { repeat: 0 }, 'repeat'],
    ['repeat negative', { repeat: -1 }, 'repeat'],
    ['seed fractional', { seed: 1.5 }, 'seed'],
    ['seed NaN', { seed: Number.NaN }, 'seed'],
    ['seed a string', { seed: '7' }, 'seed'],
    ['seed past a 32-bit integer', { seed: 2 ** 31 }, 'seed'],
    ['tailLines 0', { tailLines: 0 }, 'tailLines'],
    ['bisect a string', { bisect: 'no' }, 'bisect'],
    ['filter not a regular expression', { filter: '(' }, 'filter'],
    ['filter empty', { filter: '' }, 'filter'],
    ['cwd empty', { cwd: '' }, 'cwd'],
    ['cwd a number', { cwd: 5 }, 'cwd'],
    ['cwd that does not exist', { cwd: MISSING_DIR }, 'cwd'],
    ['cwd that is a file', { cwd: A_FILE }, 'cwd'],
    ['config that does not exist', { cwd: CLEAN, config: 'missing.config.js' }, 'config'],
    ['config that is a directory', { cwd: CLEAN, config: '.' }, 'config'],
    ['env not of strings', { env: { A: 1 } }, 'env'],
    ['env null', { env: null }, 'env'],
    ['onProgress not a function', { onProgress: 'log' }, 'onProgress'],
    ['clock without timers', { clock: { now: () => 0 } }, 'clock'],
    ['a misspelt option', { timeout: 1000 }, 'timeout'],
    ['an own __proto__ key from JSON', JSON.parse('{"cwd":".","__proto__":{"workers":0}}'), '__proto__'],
  ];

  it.each(cases)(
    'rejects %s with ERR_WSI_INVALID_OPTION naming it, before anything runs',
    async (_name, options, option) => {
      const progress = jest.fn();
      const given =
        options !== null && typeof options === 'object' && !Array.isArray(options)
          ? { ...options, onProgress: (options as RunIsolationOptions).onProgress ?? progress }
          : options;
      const error = await runIsolation(given as RunIsolationOptions).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(IsolationError);
      expect(error).toMatchObject({
        code: IsolationErrorCode.INVALID_OPTION,
        option,
        message: expect.stringContaining(option),
      });
      expect(progress).not.toHaveBeenCalled();
      // Good options still resolve: nothing was left half-set.
      expect(resolveOptions({ cwd: CLEAN, workers: 1 })).toMatchObject({ cwd: CLEAN, workers: 1, timeoutMs: 30_000 });
      expect(({} as Record<string, unknown>).workers).toBeUndefined();
    },
  );
});

describe('the ws-isolation command line with bad arguments', () => {
  const cases: Array<[string, string[], string]> = [
    ['--timeout 0', ['--timeout', '0'], '--timeout'],
    ['--timeout=-5', ['--timeout=-5'], '--timeout'],
    ['--timeout -5 (taken for a flag)', ['--timeout', '-5'], '--timeout'],
    ['--timeout NaN', ['--timeout', 'NaN'], '--timeout'],
    ['--timeout 1.5', ['--timeout', '1.5'], '--timeout'],
    ['--timeout past what a timer can wait', ['--timeout', '99999999999'], '--timeout'],
    ['--suite-timeout 0', ['--suite-timeout', '0'], '--suite-timeout'],
    ['--workers 0', ['--workers', '0'], '--workers'],
    ['--workers two', ['--workers', 'two'], '--workers'],
    ['--repeat 0', ['--repeat', '0'], '--repeat'],
    ['--seed 1.5', ['--seed', '1.5'], '--seed'],
    ['--seed x', ['--seed', 'x'], '--seed'],
    ['--format pdf', ['--format', 'md,pdf'], '--format'],
    ['--format empty', ['--format', ''], '--format'],
    ['--filter (', ['--filter', '('], '--filter'],
    ['--cwd that does not exist', ['--cwd', MISSING_DIR], '--cwd'],
    ['--cwd without a value', ['--cwd'], '--cwd'],
    ['--config that does not exist', ['--cwd', CLEAN, '--config', 'missing.config.js'], '--config'],
    ['an unknown flag', ['--nope'], '--nope'],
    ['an unknown command', ['walk'], '"walk"'],
  ];

  it.each(cases)('%s: exit code 2 and one line naming the flag', async (_name, argv, flag) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^ws-isolation: ERR_WSI_INVALID_OPTION: /);
    expect(stderr).toContain(flag);
  });

  it('names the flag, not the option, for a value in range of the parser but not of the runner', async () => {
    let stderr = '';
    await runCli(['--timeout', '0'], { stdout: () => undefined, stderr: (text) => (stderr += text) });
    expect(stderr).toBe(
      'ws-isolation: ERR_WSI_INVALID_OPTION: --timeout must be an integer from 1 to 2147483647; received 0\n',
    );
  });

  it('the installed bin exits 2 with the same line, and writes no report', async () => {
    const out = tempDir('wsi-bad-');
    const run = await runBin(['--cwd', CLEAN, '--out', out, '--workers', '0']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('ws-isolation: ERR_WSI_INVALID_OPTION: --workers must be an integer >= 1; received 0\n');
    expect(readdirSync(out)).toEqual([]);
    rmSync(out, { recursive: true, force: true });
  });
});
