import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSharedThrottle, REDIS_URL_VARIABLE } from '../../src/redis';
import { testRedis, uniqueName } from './redis-server';
import { maxOverlap, type Interval } from './workers';

let redis: Awaited<ReturnType<typeof testRedis>>;

beforeAll(async () => {
  redis = await testRedis();
});
afterAll(() => redis.stop());

jest.setTimeout(60_000);

describe('createSharedThrottle()', () => {
  const variable = 'WSI_TEST_SHARED_THROTTLE_URL';
  afterEach(() => {
    delete process.env[variable];
  });

  it('uses Redis when the variable holds a URL: two of them share one cap', async () => {
    process.env[variable] = redis.url;
    const name = uniqueName('shared');
    const one = createSharedThrottle({ concurrency: 1 }, { variable, name });
    const two = createSharedThrottle({ concurrency: 1 }, { variable, name });
    expect(one.store).toBe('redis');
    const permit = await one.throttle.acquire();
    await expect(two.throttle.acquire({ timeoutMs: 0 })).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_TIMEOUT' });
    permit.release();
    (await two.throttle.acquire({ timeoutMs: 10_000 })).release();
    await Promise.all([one.close(), two.close()]);
    expect(one.throttle.closed).toBe(true);
  });

  it('keeps the throttle in the process when the variable is unset or empty', async () => {
    for (const value of [undefined, '']) {
      if (value === undefined) delete process.env[variable];
      else process.env[variable] = value;
      const shared = createSharedThrottle({ concurrency: 1 }, { variable });
      expect(shared.store).toBe('in-process');
      const permit = await shared.throttle.acquire();
      await expect(shared.throttle.acquire({ timeoutMs: 0 })).rejects.toMatchObject({
        code: 'ERR_WSI_THROTTLE_TIMEOUT',
      });
      permit.release();
      await shared.close();
      expect(shared.throttle.closed).toBe(true);
    }
  });

  it('reads WSI_THROTTLE_REDIS_URL by default', () => {
    expect(REDIS_URL_VARIABLE).toBe('WSI_THROTTLE_REDIS_URL');
  });

  it('checks the throttle options and the store options like createThrottle and createRedisStore', () => {
    process.env[variable] = 'http://not-redis';
    expect(() => createSharedThrottle({ concurrency: 1 }, { variable })).toThrow(
      expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }),
    );
    expect(() => createSharedThrottle({ concurrency: 0 })).toThrow(
      expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }),
    );
  });
});

/** Runs real Jest on the recipe's fixture suite; resolves with what each test file recorded. */
function runRecipe(env: Record<string, string>): Promise<Array<{ store: string; pid: number; intervals: Interval[] }>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wsi-recipe-'));
  const out = path.join(dir, 'intervals.jsonl');
  const fixture = path.join(__dirname, '..', 'fixtures', 'jest-recipe');
  const jestBin = require.resolve('jest/bin/jest');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      // A cache of its own: with the timings of an earlier run in the cache, Jest runs up to 20 fast files
      // in band (one worker), and the test would see one process, depending on what ran before it.
      [
        jestBin,
        '--config',
        path.join(fixture, 'jest.config.cjs'),
        '--maxWorkers=4',
        '--ci',
        '--cacheDirectory',
        path.join(dir, 'cache'),
      ],
      { env: { ...process.env, ...env, RECIPE_OUT: out }, timeout: 50_000 },
      (error, _stdout, stderr) => {
        try {
          if (error) return reject(new Error(`jest failed: ${stderr}`));
          resolve(
            readFileSync(out, 'utf8')
              .trim()
              .split('\n')
              .map((line) => JSON.parse(line) as { store: string; pid: number; intervals: Interval[] }),
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  });
}

describe('the Jest recipe', () => {
  it('holds one cap across Jest workers when WSI_THROTTLE_REDIS_URL is set', async () => {
    const files = await runRecipe({ WSI_THROTTLE_REDIS_URL: redis.url, RECIPE_NAME: uniqueName('recipe') });
    expect(files).toHaveLength(4);
    expect(files.every((file) => file.store === 'redis')).toBe(true);
    // Several workers ran the files, each with its own throttle: only the store made them share.
    expect(new Set(files.map((file) => file.pid)).size).toBeGreaterThan(1);
    expect(maxOverlap(files.flatMap((file) => file.intervals))).toBeLessThanOrEqual(2);
  });
});
