/** How reconnection backs off; see `ReconnectOptions`. */
export interface BackoffPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  deadlineMs: number;
}

/**
 * The delay before reconnection attempt `attempt` (1-based): exponential
 * backoff with full jitter, `random() * min(maxDelayMs, baseDelayMs * 2^(attempt-1))`.
 * Full jitter spreads a crowd of clients that lost the same server.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}

/**
 * The delay before attempt `attempt`, or `undefined` when no attempt is left:
 * past `maxAttempts`, or when waiting would pass the deadline counted from
 * `startedAt` (the moment the connection was lost or `connect()` began).
 */
export function nextRetryDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number,
  startedAt: number,
  now: number,
): number | undefined {
  if (attempt > policy.maxAttempts) return undefined;
  const wait = backoffDelay(policy, attempt, random);
  if (now + wait - startedAt > policy.deadlineMs) return undefined;
  return wait;
}
