import { TokenBucket } from '../src/token-bucket';

describe('TokenBucket', () => {
  it('earns tokens from a fixed origin, so readings at odd times change nothing', () => {
    const bucket = new TokenBucket({ tokens: 3, intervalMs: 1000, burst: 3 }, 500);
    for (let i = 0; i < 3; i++) bucket.take(500);
    // Reading every millisecond must not lose or gain fractions of a token.
    let seen = 0;
    for (let t = 501; t <= 1500; t++) seen = bucket.available(t);
    expect(seen).toBe(3);
  });

  it('tells how long until the next token, at least 1 ms', () => {
    const bucket = new TokenBucket({ tokens: 3, intervalMs: 1000, burst: 3 }, 0);
    for (let i = 0; i < 3; i++) bucket.take(0);
    expect(bucket.msUntilNextToken(0)).toBe(334);
    expect(bucket.msUntilNextToken(334)).toBe(333);
    expect(bucket.msUntilNextToken(999.5)).toBe(1);
    expect(bucket.available(1000)).toBe(3);
  });

  it('finds exact boundaries with a fractional interval', () => {
    const bucket = new TokenBucket({ tokens: 1, intervalMs: 0.1, burst: 1 }, 0);
    bucket.take(0);
    expect(bucket.msUntilNextToken(0)).toBe(1);
    expect(bucket.available(1)).toBe(1);
  });

  it('loses nothing and gains nothing when the clock steps back', () => {
    const bucket = new TokenBucket({ tokens: 1, intervalMs: 100, burst: 1 }, 10_000);
    bucket.take(10_000);
    expect(bucket.available(10_050)).toBe(0);
    // The clock jumps back by a lot; the 50 ms already elapsed still count.
    expect(bucket.available(0)).toBe(0);
    expect(bucket.available(49)).toBe(0);
    expect(bucket.available(50)).toBe(1);
  });

  it('refuses to take a token it does not have', () => {
    const bucket = new TokenBucket({ tokens: 1, intervalMs: 100, burst: 1 }, 0);
    bucket.take(0);
    expect(() => bucket.take(0)).toThrow();
    expect(bucket.available(100)).toBe(1);
  });
});
