import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The path of a file Jest loads by path (`reporter`, `sequencer`). Built code
 * finds it next to itself in dist; the sources (run by this package's own
 * tests) find it in the built dist one level up.
 */
export function assetPath(name: 'reporter' | 'sequencer' | 'warm-runner' | 'warm-worker'): string {
  const candidates = [join(__dirname, `${name}.js`), join(__dirname, '..', '..', 'dist', `${name}.js`)];
  return candidates.find((candidate) => existsSync(candidate)) ?? candidates[0]!;
}
