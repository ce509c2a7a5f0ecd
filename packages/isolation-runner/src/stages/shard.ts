import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { IsolationError, IsolationErrorCode } from '../errors';
import type { JestContext } from '../jest/jest-invoker';
import type { IsolationReport } from '../types';
import { listTests, type TestListing } from './list-tests';

/** The files this run covers, and the listing when one was needed to balance the shards. */
export interface ShardPick {
  files: string[];
  listing?: TestListing;
}

/**
 * The share of the files that `shard` asks for. Every shard computes the same
 * split: files by weight (the durations of an earlier report, else the test
 * count), heaviest first, each to the lightest shard so far (ties to the
 * lowest index); each shard then runs its files in path order.
 */
export async function pickShard(context: JestContext, files: readonly string[]): Promise<ShardPick> {
  const { shard, durations, cwd } = context.options;
  if (shard === undefined) return { files: [...files] };
  let weights: Map<string, number>;
  let listing: TestListing | undefined;
  if (durations !== undefined) weights = weightsFromReport(durations, cwd, files);
  else {
    listing = await listTests(context, files);
    weights = new Map(files.map((file) => [file, 0]));
    for (const test of listing.tests) weights.set(test.file, (weights.get(test.file) ?? 0) + 1);
  }
  const mine = new Set(splitFiles(files, weights, shard.count)[shard.index - 1]);
  const picked = files.filter((file) => mine.has(file));
  if (listing === undefined) return { files: picked };
  return {
    files: picked,
    listing: {
      tests: listing.tests.filter((test) => mine.has(test.file)),
      loadErrors: listing.loadErrors.filter((error) => mine.has(error.file)),
      environments: listing.environments,
    },
  };
}

/** Splits files into `count` shares of about equal weight; deterministic for the same input. */
export function splitFiles(files: readonly string[], weights: ReadonlyMap<string, number>, count: number): string[][] {
  const shares = Array.from({ length: count }, () => ({ files: [] as string[], weight: 0 }));
  const heaviestFirst = [...files].sort(
    (a, b) => (weights.get(b) ?? 0) - (weights.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
  );
  for (const file of heaviestFirst) {
    const lightest = shares.reduce((best, share) => (share.weight < best.weight ? share : best));
    lightest.files.push(file);
    // A file with no weight still counts, so empty files spread out.
    lightest.weight += Math.max(weights.get(file) ?? 0, 1e-3);
  }
  return shares.map((share) => share.files.sort());
}

function weightsFromReport(path: string, cwd: string, files: readonly string[]): Map<string, number> {
  let report: IsolationReport;
  try {
    report = JSON.parse(readFileSync(resolve(path), 'utf8')) as IsolationReport;
    if (!Array.isArray(report.tests)) throw new Error('no tests array');
  } catch (error) {
    throw new IsolationError(
      IsolationErrorCode.INVALID_OPTION,
      `durations must be the path of an isolation-results.json; received ${JSON.stringify(path)} (${(error as Error).message})`,
      { option: 'durations', cause: error },
    );
  }
  const byFile = new Map<string, number>();
  for (const test of report.tests) {
    const time = (test.isolated?.durationMs ?? 0) + (test.suite?.durationMs ?? 0);
    byFile.set(test.file, (byFile.get(test.file) ?? 0) + time);
  }
  const known = [...byFile.values()];
  // A file the earlier report did not have weighs what an average file did.
  const average = known.length === 0 ? 1 : known.reduce((sum, value) => sum + value, 0) / known.length;
  return new Map(files.map((file) => [file, byFile.get(relative(cwd, file)) ?? average]));
}
