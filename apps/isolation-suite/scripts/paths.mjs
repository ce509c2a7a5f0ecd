// Paths the demo scripts share.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(appDir, '..', '..');
export const reportsDir = path.join(repoRoot, 'reports');
export const runnerBin = path.join(appDir, 'node_modules', '.bin', 'ws-isolation');
