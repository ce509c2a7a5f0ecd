import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { runIsolation, type IsolationReport, type RunIsolationOptions } from '../src';
import { comparable, FIXTURES, tempDir } from './helpers';

// pnpm's bin shims set NODE_PATH; the runner must find each project's Jest on its own.
delete process.env.NODE_PATH;

async function runIn(
  mode: 'warm' | 'process',
  fixture: string,
  options: RunIsolationOptions,
): Promise<IsolationReport> {
  const stateDir = tempDir('wsi-modes-');
  try {
    return await runIsolation({
      cwd: join(FIXTURES, fixture),
      isolation: mode,
      env: { FIXTURE_STATE_DIR: stateDir },
      ...options,
    });
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

// Every fixture project, in both isolation modes: warm workers with confirmation must report what a process per test reports.
describe.each([
  ['clean', {}],
  ['mixed', { timeoutMs: 4000 }],
  ['leftovers', { timeoutMs: 4000 }],
  ['exit-hang', {}],
  ['together', {}],
  ['order', {}],
  ['flaky', { repeat: 3 }],
  ['server-hook', { timeoutMs: 3000, bisect: false }],
] as const)('the %s fixture', (fixture, options) => {
  it('gets the same report in warm workers as in a Jest process per test', async () => {
    const warm = await runIn('warm', fixture, options);
    const strict = await runIn('process', fixture, options);
    expect(warm.options.isolation).toBe('warm');
    expect(strict.options.isolation).toBe('process');
    expect(comparable(warm)).toEqual(comparable(strict));
  }, 360_000);
});
