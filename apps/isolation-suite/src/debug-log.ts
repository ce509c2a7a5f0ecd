/**
 * Writes a `DEBUG:` line to stderr, as the original suite did, so that the
 * isolation report can show the last lines before a hang.
 */
export function debugLog(message: string): void {
  process.stderr.write(`DEBUG: ${message}\n`);
}
