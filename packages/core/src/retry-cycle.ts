import type { BackoffPolicy } from './backoff';
import { nextRetryDelay } from './backoff';
import type { Clock } from '@ws-isolation/internal';
import { delay } from './delay';
import { hasErrorCode } from '@ws-isolation/internal';
import { CoreErrorCode } from './errors';

/** Announced before each retry. */
export interface ReconnectingInfo {
  /** 1 for the first retry of this outage (or of this `connect()`). */
  attempt: number;
  /** How long until the retry starts. */
  delayMs: number;
  /** Why the previous attempt (or the connection) failed. */
  error: unknown;
}

export interface RetryCycleInput {
  policy: BackoffPolicy | false;
  clock: Clock;
  random: () => number;
  signal: AbortSignal;
  /** Set after a drop: the first try waits a backoff delay too. */
  lost?: unknown;
  attempt(): Promise<void>;
  onRetry(info: ReconnectingInfo): void;
}

// A server that speaks another protocol will not start speaking ours on a retry.
function isFatal(error: unknown): boolean {
  return hasErrorCode(error, CoreErrorCode.HANDSHAKE_FAILED) || hasErrorCode(error, CoreErrorCode.INVALID_OPTION);
}

/**
 * Tries until an attempt succeeds, retrying with backoff while the policy
 * allows. Rejects with the last error when it gives up, or with
 * `signal.reason` when aborted.
 */
export async function runRetryCycle(input: RetryCycleInput): Promise<void> {
  const { policy, clock, signal } = input;
  const startedAt = clock.now();
  let retry = 0;
  let lastError: unknown = input.lost;
  let tryNow = input.lost === undefined;
  for (;;) {
    if (tryNow) {
      try {
        await input.attempt();
        return;
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        lastError = error;
        if (isFatal(error)) throw error;
      }
    }
    tryNow = true;
    retry += 1;
    const wait = policy === false ? undefined : nextRetryDelay(policy, retry, input.random, startedAt, clock.now());
    if (wait === undefined) throw lastError;
    input.onRetry({ attempt: retry, delayMs: wait, error: lastError });
    await delay(clock, wait, signal);
  }
}
