// Paths the demo scripts share.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(appDir, '..', '..');
export const reportsDir = path.join(repoRoot, 'reports');

// The runner's CLI file, found through its package.json: pnpm links a workspace
// package's bin into node_modules/.bin only when the file exists at install time,
// and on a fresh clone it is built after the install.
const runnerManifest = createRequire(import.meta.url).resolve('@ws-isolation/isolation-runner/package.json');
const runnerBinField = JSON.parse(fs.readFileSync(runnerManifest, 'utf8')).bin;
export const runnerBin = path.resolve(
  path.dirname(runnerManifest),
  typeof runnerBinField === 'string' ? runnerBinField : runnerBinField['ws-isolation'],
);
