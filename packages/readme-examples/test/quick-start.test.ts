import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { extractExamples } from '../src';

// Each test starts a real Jest that compiles TypeScript: tens of seconds on a busy machine.
jest.setTimeout(90_000);

// The root README's first test, run by a real Jest under @ws-isolation/jest-environment, as a
// user who copies it would run it: it passes, and without its `server.close()` it fails with a leak.
const packageDir = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.resolve(packageDir, '../../README.md'), 'utf8');
const quickStart = extractExamples(readme, 'README.md').find((example) => example.code.includes('test('));

interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: Array<{ assertionResults: Array<{ status: string; failureDetails: Array<{ code?: string }> }> }>;
}

async function runUnderEnvironment(code: string): Promise<JestJson> {
  // Inside this package, so the test file resolves the packages through its node_modules.
  const dir = fs.mkdtempSync(path.join(packageDir, '.quick-start-'));
  try {
    fs.writeFileSync(path.join(dir, 'echo.test.ts'), code);
    const config = {
      rootDir: dir,
      testMatch: ['<rootDir>/*.test.ts'],
      testEnvironment: require.resolve('@ws-isolation/jest-environment'),
      transform: {
        '^.+\\.ts$': [require.resolve('ts-jest'), { diagnostics: false, tsconfig: { module: 'commonjs' } }],
      },
    };
    const output = path.join(dir, 'results.json');
    const args = ['--config', JSON.stringify(config), '--json', '--outputFile', output, '--runInBand', '--ci'];
    await new Promise<void>((resolve, reject) => {
      // A failing test makes Jest exit 1; only a run without results is an error here.
      execFile(process.execPath, [require.resolve('jest/bin/jest'), ...args], { cwd: dir, timeout: 60_000 }, (error) =>
        fs.existsSync(output) ? resolve() : reject(error ?? new Error('Jest wrote no results')),
      );
    });
    return JSON.parse(fs.readFileSync(output, 'utf8')) as JestJson;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the root README's quick start", () => {
  it('is a test that passes under the environment', async () => {
    expect(quickStart).toBeDefined();
    const results = await runUnderEnvironment(quickStart!.code);
    expect({ passed: results.numPassedTests, failed: results.numFailedTests }).toEqual({ passed: 1, failed: 0 });
  });

  it('fails with ERR_WSI_LEAK when the server is not closed, as the README says', async () => {
    const withoutClose = quickStart!.code
      .split('\n')
      .filter((line) => !line.includes('await server.close()'))
      .join('\n');
    expect(withoutClose).not.toBe(quickStart!.code);
    const results = await runUnderEnvironment(withoutClose);
    const [test] = results.testResults[0]?.assertionResults ?? [];
    expect(test?.status).toBe('failed');
    expect(test?.failureDetails.map((detail) => detail.code)).toContain('ERR_WSI_LEAK');
  });
});
