import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { IsolationReport } from '../src';
import { splitFiles } from '../src/stages/shard';
import { comparable, FIXTURES, runBin, tempDir } from './helpers';

const ORDER = join(FIXTURES, 'order');

function readJson(dir: string): IsolationReport {
  return JSON.parse(readFileSync(join(dir, 'isolation-results.json'), 'utf8')) as IsolationReport;
}

describe('splitFiles', () => {
  it('puts every file in exactly one share, the same way every time, balanced by weight', () => {
    const files = ['/p/a', '/p/b', '/p/c', '/p/d', '/p/e'];
    const weights = new Map([
      ['/p/a', 5],
      ['/p/b', 4],
      ['/p/c', 3],
      ['/p/d', 2],
      ['/p/e', 2],
    ]);
    const shares = splitFiles(files, weights, 2);
    expect(splitFiles([...files].reverse(), weights, 2)).toEqual(shares);
    expect(shares.flat().sort()).toEqual(files);
    // a (5) and b (4) open the shares; c (3) joins the lighter b; d (2) joins a; e (2) the first of two equals.
    expect(shares).toEqual([
      ['/p/a', '/p/d', '/p/e'],
      ['/p/b', '/p/c'],
    ]);
  });

  it('leaves no share empty while there are files for it', () => {
    expect(splitFiles(['/p/a', '/p/b', '/p/c'], new Map(), 3).map((share) => share.length)).toEqual([1, 1, 1]);
  });
});

describe('ws-isolation --shard and merge', () => {
  const dir = tempDir('wsi-shards-');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shards merged give the report of one run; --durations balances by an earlier report', async () => {
    const single = join(dir, 'single');
    expect((await runBin(['--cwd', ORDER, '--quiet', '--format', 'json', '--out', single])).code).toBe(1);
    const shards: string[] = [];
    for (const index of [1, 2]) {
      const out = join(dir, `shard-${index}`);
      const args = ['--cwd', ORDER, '--quiet', '--format', 'json', '--out', out, '--shard', `${index}/2`];
      await runBin([...args, '--durations', join(single, 'isolation-results.json')]);
      expect(readJson(out).options.shard).toEqual({ index, count: 2 });
      shards.push(join(out, 'isolation-results.json'));
    }
    // Each file ran in exactly one shard.
    const files = shards.map(
      (path) => new Set(JSON.parse(readFileSync(path, 'utf8')).tests.map((test: { file: string }) => test.file)),
    );
    expect([...files[0]!].filter((file) => files[1]!.has(file))).toEqual([]);
    const merged = join(dir, 'merged');
    const run = await runBin(['merge', '--out', merged, ...shards.reverse()]);
    expect(run.code).toBe(1);
    const report = readJson(merged);
    expect(comparable(report)).toEqual(comparable(readJson(single)));
    expect(report.suite.order).toEqual(readJson(single).suite.order);
    expect(report.options.shard).toBeUndefined();
    expect(readFileSync(join(merged, 'junit.xml'), 'utf8')).toContain('depends on seeds the shared store');
  }, 360_000);

  it('merge refuses a set of shards with one missing, with ERR_WSI_BAD_REPORT', async () => {
    const out = join(dir, 'one-shard');
    await runBin(['--cwd', ORDER, '--quiet', '--format', 'json', '--out', out, '--shard', '1/2']);
    const run = await runBin(['merge', '--out', join(dir, 'bad'), join(out, 'isolation-results.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ERR_WSI_BAD_REPORT');
  });
});
