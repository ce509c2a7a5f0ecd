// The TypeScript side of the packaging check: a consumer project compiles
// every entry point under each module resolution a user may have, and the
// mock-socket matchers with both of Jest's `expect`s.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The resolution modes users have: `node10` is `"module": "commonjs"` with
 * `moduleResolution: node` (no `exports` maps, so subpaths need
 * `typesVersions`); node16 and nodenext read `exports` and check ESM and CJS
 * files apart; bundler reads `exports` with the `import` condition.
 */
const MODES = [
  { name: 'node10', module: 'commonjs', moduleResolution: 'node10', extensions: ['ts'] },
  { name: 'node16', module: 'node16', moduleResolution: 'node16', extensions: ['mts', 'cts'] },
  { name: 'nodenext', module: 'nodenext', moduleResolution: 'nodenext', extensions: ['mts', 'cts'] },
  { name: 'bundler', module: 'esnext', moduleResolution: 'bundler', extensions: ['ts'] },
];

/** The packages a consumer installs for the matcher checks, at the workspace's versions. */
export const MATCHER_CHECK_PACKAGES = ['@jest/globals@30.5.2', '@types/jest@30.0.0', '@types/node@20.19.43'];

const MATCHERS_ENTRY = '@ws-isolation/mock-socket/jest';

/**
 * Entry points whose declarations build on Vitest's, which are for ESM only: Vitest 4's CJS declarations
 * refuse a `require` (TS1479), and its ESM ones import `vite/module-runner` through `exports` maps, which
 * node10 resolution does not read. They are checked from the ESM files (`.mts`, and `.ts` under bundler).
 */
const ESM_ONLY = new Set(['@ws-isolation/vitest', '@ws-isolation/vitest/setup', '@ws-isolation/mock-socket/vitest']);

function entriesSource(specifiers) {
  return specifiers
    .map(
      (s, i) => `import * as m${i} from ${JSON.stringify(s)};\nexport const keys${i}: string[] = Object.keys(m${i});`,
    )
    .join('\n');
}

// Uses each matcher as the README shows, on a server and on one of its connections.
const matcherCalls = `
export async function useMatchers(server: MockServer, socket: MockServerSocket): Promise<void> {
  await expect(server).toReceiveMessage({ type: 'hello' });
  await expect(socket).toReceiveMessage('ping', { timeoutMs: 200 });
  await expect(server).not.toReceiveMessage('never', { timeoutMs: 10 });
  expect(server).toHaveReceivedMessages(['a', { type: 'b' }]);
  expect(socket).not.toHaveReceivedMessages([expect.any(String)]);
}
`;

const globalExpectSource = `/// <reference types="jest" />
import type { MockServer, MockServerSocket } from '@ws-isolation/mock-socket';
import { registerMatchers } from '${MATCHERS_ENTRY}';

registerMatchers();
${matcherCalls}`;

const jestGlobalsSource = `import { expect } from '@jest/globals';
import type { MockServer, MockServerSocket } from '@ws-isolation/mock-socket';
import { registerMatchers } from '${MATCHERS_ENTRY}';

registerMatchers(expect);
${matcherCalls}`;

/**
 * Writes one tsconfig and its files per resolution mode into `project`, and
 * returns the tsconfig file names. Each program holds every entry point, and
 * (when mock-socket's matchers are among them) a file per `expect` style.
 */
export function writeTypeChecks(project, specifiers) {
  const withMatchers = specifiers.includes(MATCHERS_ENTRY);
  return MODES.map((mode) => {
    const dir = path.join(project, `types-${mode.name}`);
    fs.mkdirSync(dir);
    const files = [];
    for (const extension of mode.extensions) {
      files.push(`entries.${extension}`);
      const esm = extension === 'mts' || mode.name === 'bundler';
      const checked = esm ? specifiers : specifiers.filter((s) => !ESM_ONLY.has(s));
      fs.writeFileSync(path.join(dir, `entries.${extension}`), entriesSource(checked) + '\n');
    }
    if (withMatchers) {
      const extension = mode.extensions[0];
      files.push(`global-expect.${extension}`, `jest-globals.${extension}`);
      fs.writeFileSync(path.join(dir, `global-expect.${extension}`), globalExpectSource);
      fs.writeFileSync(path.join(dir, `jest-globals.${extension}`), jestGlobalsSource);
    }
    const compilerOptions = {
      module: mode.module,
      moduleResolution: mode.moduleResolution,
      target: 'es2022',
      lib: ['es2022', 'dom'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      // Only what the files and our declarations reference: no ambient @types.
      types: [],
    };
    const tsconfig = path.join(project, `tsconfig.${mode.name}.json`);
    const config = { compilerOptions, files: files.map((file) => `types-${mode.name}/${file}`) };
    fs.writeFileSync(tsconfig, JSON.stringify(config, null, 2));
    return { mode: mode.name, tsconfig };
  });
}
