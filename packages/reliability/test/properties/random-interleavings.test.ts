import fc from 'fast-check';
import { runInterleaving, commandArbitrary, type Command } from '../support/interleaving';

// Random interleavings of connect, send, server drop, close, terminate and
// registry cleanupAll on the mock transport (three connections sharing a
// two-permit throttle), with the matrix's invariants
// after each run. A fixed seed in CI; more runs locally with
// WSI_PROPERTY_RUNS=2000 (see the README).
const seed = Number(process.env.WSI_PROPERTY_SEED ?? 20_240_611);
const numRuns = Number(process.env.WSI_PROPERTY_RUNS ?? 1000);

test(`connect / send / drop / close / terminate / cleanupAll in any order keep every invariant (seed ${seed}, ${numRuns} runs)`, async () => {
  const property = fc.asyncProperty(
    fc.array(commandArbitrary(), { minLength: 1, maxLength: 25 }),
    async (commands: Command[]) => {
      const problems = await runInterleaving(commands);
      if (problems.length > 0) throw new Error(problems.join('\n'));
    },
  );
  const details = await fc.check(property, { seed, numRuns });
  if (details.failed) {
    console.log(
      `property failed: WSI_PROPERTY_SEED=${details.seed}, path ${details.counterexamplePath}; ` +
        `replay with fc.assert(property, { seed: ${details.seed}, path: '${details.counterexamplePath}' })`,
    );
    throw new Error(fc.defaultReportMessage(details));
  }
  expect(details.numRuns).toBe(numRuns);
}, 120_000);
