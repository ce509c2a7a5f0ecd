import type { CaseSpec } from './plan';
import type { CaseResult } from './result';

/** One result from a case's processes: every finished run; the first status that is not `ok`, with its reason. */
export function joinResults(spec: CaseSpec, parts: readonly CaseResult[]): CaseResult {
  if (parts.length === 1) return parts[0]!;
  const failed = parts.find((part) => part.status !== 'ok');
  const rss = parts.flatMap((part) => (part.maxRssKb === undefined ? [] : [part.maxRssKb]));
  return {
    spec,
    status: failed?.status ?? 'ok',
    runs: parts.flatMap((part) => part.runs),
    ...(rss.length > 0 ? { maxRssKb: Math.max(...rss) } : {}),
    ...(failed?.reason === undefined ? {} : { reason: failed.reason }),
    wallMs: parts.reduce((sum, part) => sum + part.wallMs, 0),
  };
}
