/** The isolation runner's figures live in their own section of BENCHMARKS.md, written by `pnpm --filter @ws-isolation/bench isolation`. */
export const SECTION_START = '<!-- isolation-runner: written by `pnpm --filter @ws-isolation/bench isolation` -->';
export const SECTION_END = '<!-- /isolation-runner -->';

function sectionOf(document: string): string | undefined {
  const start = document.indexOf(SECTION_START);
  const end = document.indexOf(SECTION_END);
  return start >= 0 && end > start ? document.slice(start, end + SECTION_END.length) : undefined;
}

/** `document` with the isolation runner's section of `previous` (or `section`) in place of its own, at the end when it has none. */
export function withIsolationSection(document: string, previousOrSection: string): string {
  const section = sectionOf(previousOrSection);
  if (section === undefined) return document;
  const own = sectionOf(document);
  if (own !== undefined) return document.replace(own, section);
  return `${document.trimEnd()}\n\n${section}\n`;
}
