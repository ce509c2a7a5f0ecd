/**
 * Delta debugging (ddmin): the smallest subset of `candidates` for which
 * `fails` is true, given that it is true for all of them. Each probe is one
 * Jest run, so `maxProbes` bounds the cost; the best set found so far is
 * returned when it runs out. The order of `candidates` is kept in every probe.
 */
export async function minimizeFailingSet<T>(
  candidates: readonly T[],
  fails: (subset: T[]) => Promise<boolean>,
  maxProbes: number,
): Promise<{ minimal: T[]; probes: number }> {
  let current = [...candidates];
  let granularity = 2;
  let probes = 0;
  const probe = async (subset: T[]): Promise<boolean> => {
    probes += 1;
    return fails(subset);
  };
  while (current.length >= 2 && probes < maxProbes) {
    const chunks = split(current, granularity);
    let reduced = false;
    for (const chunk of chunks) {
      if (probes >= maxProbes) break;
      if (await probe(chunk)) {
        current = chunk;
        granularity = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced && granularity > 2) {
      for (const chunk of chunks) {
        if (probes >= maxProbes) break;
        const complement = current.filter((item) => !chunk.includes(item));
        if (await probe(complement)) {
          current = complement;
          granularity = Math.max(granularity - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (granularity >= current.length) break;
      granularity = Math.min(current.length, granularity * 2);
    }
  }
  return { minimal: current, probes };
}

function split<T>(items: readonly T[], parts: number): T[][] {
  const chunks: T[][] = [];
  const size = items.length / parts;
  for (let i = 0; i < parts; i++) {
    const chunk = items.slice(Math.round(i * size), Math.round((i + 1) * size));
    if (chunk.length > 0) chunks.push(chunk);
  }
  return chunks;
}
