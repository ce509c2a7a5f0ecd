import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * A generated Jest project of `files` files with `tests` trivial tests each,
 * in `dir`. Its node_modules is a link to the bench's own, so the project's
 * `jest` is the bench's, as a user's would be their own.
 */
export function writeProject(dir: string, files: number, tests: number, benchDir: string): string {
  mkdirSync(path.join(dir, 'tests'), { recursive: true });
  for (let f = 0; f < files; f += 1) {
    const lines = [`// Generated: ${tests} trivial tests.`];
    for (let i = 0; i < tests; i += 1)
      lines.push(`test('file ${f} test ${i}', () => { expect(${i} + 1).toBe(${i + 1}); });`);
    writeFileSync(path.join(dir, 'tests', `file-${f}.test.js`), `${lines.join('\n')}\n`);
  }
  const config = {
    testEnvironment: require.resolve('jest-environment-node'),
    transform: {},
    testMatch: ['<rootDir>/tests/*.test.js'],
  };
  writeFileSync(path.join(dir, 'jest.config.json'), JSON.stringify(config));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `generated-${files * tests}`, private: true }));
  symlinkSync(path.join(benchDir, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}
