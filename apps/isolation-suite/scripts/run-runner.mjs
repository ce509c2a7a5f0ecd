// Runs the isolation runner's CLI on this app, as a user would, and reads back
// the JSON report it wrote.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appDir, runnerBin } from './paths.mjs';

/**
 * @param {{ out: string, args?: string[], env?: Record<string, string>, quiet?: boolean }} options
 * @returns {Promise<{ exitCode: number, report: any, markdown: string }>}
 */
export function runRunner({ out, args = [], env = {}, quiet = false }) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [runnerBin, 'run', '--cwd', appDir, '--out', out, ...args, ...(quiet ? ['--quiet'] : [])],
      {
        cwd: appDir,
        env: { ...process.env, ...env },
        stdio: ['ignore', quiet ? 'ignore' : 'inherit', quiet ? 'ignore' : 'inherit'],
      },
    );
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      const jsonFile = path.join(out, 'isolation-results.json');
      if (!fs.existsSync(jsonFile)) {
        reject(new Error(`ws-isolation exited (${code ?? signal}) without writing ${jsonFile}`));
        return;
      }
      resolve({
        exitCode: code ?? 1,
        report: JSON.parse(fs.readFileSync(jsonFile, 'utf8')),
        markdown: fs.readFileSync(path.join(out, 'isolation-results.md'), 'utf8'),
      });
    });
  });
}
