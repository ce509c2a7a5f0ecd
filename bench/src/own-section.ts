import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Workloads with a script of their own (the isolation runner, the suite benchmark, the Vitest setup) write their figures into
 * a section of BENCHMARKS.md between two markers; `pnpm bench`'s main run keeps those sections as they are.
 */
export interface OwnSection {
  readonly start: string;
  readonly end: string;
}

export const ISOLATION_SECTION: OwnSection = {
  start: '<!-- isolation-runner: written by `pnpm --filter @ws-isolation/bench isolation` -->',
  end: '<!-- /isolation-runner -->',
};

export const SUITE_SECTION: OwnSection = {
  start: '<!-- suite: written by `pnpm --filter @ws-isolation/bench suite` -->',
  end: '<!-- /suite -->',
};

export const VITEST_SECTION: OwnSection = {
  start: '<!-- vitest-setup: written by `pnpm --filter @ws-isolation/bench vitest-setup` -->',
  end: '<!-- /vitest-setup -->',
};

function sectionOf(document: string, section: OwnSection): string | undefined {
  const start = document.indexOf(section.start);
  const end = document.indexOf(section.end);
  return start >= 0 && end > start ? document.slice(start, end + section.end.length) : undefined;
}

/** `document` with `section` as found in `source` in place of its own, at the end when it has none; as is when `source` has none. */
export function withSection(document: string, source: string, section: OwnSection): string {
  const text = sectionOf(source, section);
  if (text === undefined) return document;
  const own = sectionOf(document, section);
  if (own !== undefined) return document.replace(own, text);
  return `${document.trimEnd()}\n\n${text}\n`;
}

/**
 * Writes `text` as `section` of the repository's BENCHMARKS.md, unless `write` is false (the script's
 * `--no-write`). Each script is bundled to `bench/dist/<script>.js`, two folders below the file.
 */
export function writeOwnSection(text: string, section: OwnSection, write: boolean): void {
  if (!write) return;
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'BENCHMARKS.md');
  writeFileSync(file, withSection(readFileSync(file, 'utf8'), text, section));
}
