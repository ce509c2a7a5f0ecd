import { backoffDelay, type BackoffPolicy } from '../src';
import { nextRetryDelay } from '../src/backoff';

const policy: BackoffPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 500, deadlineMs: 1000 };

describe('backoff with full jitter', () => {
  it('doubles the ceiling per attempt up to maxDelayMs, and scales it by the random source', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt, () => 0.999999))).toEqual([
      99, 199, 399, 499, 499,
    ]);
    expect([1, 2, 3].map((attempt) => backoffDelay(policy, attempt, () => 0.5))).toEqual([50, 100, 200]);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });

  it('clamps a random source that strays outside [0, 1)', () => {
    expect(backoffDelay(policy, 1, () => 7)).toBe(100);
    expect(backoffDelay(policy, 1, () => -1)).toBe(0);
    expect(backoffDelay(policy, 1, () => Number.NaN)).toBe(0);
  });

  it('gives up past maxAttempts', () => {
    expect(nextRetryDelay(policy, 4, () => 0, 0, 0)).toBe(0);
    expect(nextRetryDelay(policy, 5, () => 0, 0, 0)).toBeUndefined();
  });

  it('gives up when the retry would start past the deadline', () => {
    expect(nextRetryDelay(policy, 1, () => 0.5, 0, 950)).toBe(50);
    expect(nextRetryDelay(policy, 1, () => 0.5, 0, 951)).toBeUndefined();
  });
});
