import type { LogLine } from '../jest/log-tail';
import type { HangPhase } from '../types';

// Heuristics on what Jest and the test printed after the last event. The
// ws-isolation environment's debug log says "Forcing cleanup of instance …"
// when a teardown does not settle; Jest says "did not exit" for open handles.
const TEARDOWN_WORDS = /tear(?:ing)? ?down|forcing cleanup|cleanup|did not exit|open handle/i;
const HOOK_WORDS = /\b(?:before|after)(?:Each|All)\b/i;

/** Lines written at or after `since`. */
export function linesSince(log: readonly LogLine[], since: number): LogLine[] {
  return log.filter((line) => line.time >= since);
}

/** The phase of a test that started and never reported a result. */
export function phaseInsideTest(log: readonly LogLine[], since: number): HangPhase {
  const recent = linesSince(log, since).map((line) => line.text);
  if (recent.some((text) => TEARDOWN_WORDS.test(text))) return 'teardown';
  if (recent.some((text) => HOOK_WORDS.test(text))) return 'hook';
  return 'body';
}

/** The phase of a file whose tests all reported but which never finished (afterAll or environment teardown). */
export function phaseAfterTests(log: readonly LogLine[], since: number): HangPhase {
  const recent = linesSince(log, since).map((line) => line.text);
  return recent.some((text) => TEARDOWN_WORDS.test(text)) ? 'teardown' : 'hook';
}

/** The phase Jest names in its own timeout message, if it timed the test out. */
export function phaseFromJestTimeout(failureMessages: readonly string[]): HangPhase | undefined {
  for (const message of failureMessages) {
    const match = /Exceeded timeout of .*? for a (hook|test)/.exec(message);
    if (match) return match[1] === 'hook' ? 'hook' : 'body';
  }
  return undefined;
}
