/** A throw from teardown() loses every result of the file; it is said on stderr instead. */
export async function tearDownQuietly(teardown: () => Promise<void>, what: string): Promise<void> {
  try {
    await teardown();
  } catch (error) {
    process.stderr.write(`WARN: ws-isolation: ${what}'s teardown failed: ${String(error)}\n`);
  }
}
