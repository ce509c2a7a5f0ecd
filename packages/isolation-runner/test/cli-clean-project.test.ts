import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { IsolationReport } from '../src';
import { CLEAN, runBin, tempDir } from './helpers';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function outDir(): string {
  const dir = tempDir('wsi-clean-');
  dirs.push(dir);
  return dir;
}

describe('ws-isolation run on a project whose tests are isolated', () => {
  it('exits 0 with the reason on the last line, running names full of regex and XML characters exactly', async () => {
    const out = outDir();
    const run = await runBin(['--cwd', CLEAN, '--out', out, '--timeout', '10000']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('PASS all 2 tests pass alone and in the suite');
    const report = JSON.parse(readFileSync(join(out, 'isolation-results.json'), 'utf8')) as IsolationReport;
    expect(report.tests.map((entry) => [entry.name, entry.isolated.status, entry.suite.status])).toEqual([
      ['adds | escapes <xml> & "quotes"', 'pass', 'pass'],
      ['strings joins (with) [regex] chars.*', 'pass', 'pass'],
    ]);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain(
      'name="adds | escapes &lt;xml&gt; &amp; &quot;quotes&quot;"',
    );
  });

  it('--quiet prints only the last line; --format json writes only the JSON; --seed and --repeat are recorded', async () => {
    const out = outDir();
    const run = await runBin([
      'run',
      '--cwd',
      CLEAN,
      '--out',
      out,
      '--quiet',
      '--format',
      'json',
      '--seed',
      '42',
      '--repeat',
      '2',
      '--no-bisect',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(out, 'isolation-results.json'))).toBe(true);
    expect(existsSync(join(out, 'isolation-results.md'))).toBe(false);
    expect(existsSync(join(out, 'junit.xml'))).toBe(false);
    const report = JSON.parse(readFileSync(join(out, 'isolation-results.json'), 'utf8')) as IsolationReport;
    expect(report.options).toMatchObject({ seed: 42, repeat: 2, bisect: false });
    for (const entry of report.tests) {
      expect(entry.repeats).toHaveLength(2);
      expect(entry.flaky).toBe(false);
    }
  });

  it('--filter keeps only the matching tests; --config is resolved against --cwd', async () => {
    const out = outDir();
    const run = await runBin([
      '--cwd',
      CLEAN,
      '--config',
      'jest.config.js',
      '--out',
      out,
      '--quiet',
      '--format',
      'json',
      '--filter',
      '^strings',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'isolation-results.json'), 'utf8')) as IsolationReport;
    expect(report.tests.map((entry) => entry.name)).toEqual(['strings joins (with) [regex] chars.*']);
    expect(report.options.config).toBe(join(CLEAN, 'jest.config.js'));
  });
});

describe('ws-isolation usage errors', () => {
  it('exits 2 with the error code for an unknown flag', async () => {
    const run = await runBin(['--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ERR_WSI_INVALID_OPTION');
  });

  it('exits 2 with ERR_WSI_JEST_NOT_FOUND for a directory without Jest', async () => {
    const empty = outDir();
    const run = await runBin(['--cwd', empty, '--out', join(empty, 'reports')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ERR_WSI_JEST_NOT_FOUND');
    expect(existsSync(join(empty, 'reports'))).toBe(false);
  });

  it('exits 2 with ERR_WSI_LIST_FAILED when Jest cannot list the tests', async () => {
    const run = await runBin(['--cwd', CLEAN, '--config', 'broken.config.js', '--out', outDir()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ERR_WSI_LIST_FAILED');
  });

  it('prints the usage for --help', async () => {
    const run = await runBin(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: ws-isolation [run] [options]');
  });
});
