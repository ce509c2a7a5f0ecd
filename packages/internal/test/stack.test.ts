import { captureStack, trimStack } from '../src/stack';

class Tracked {
  readonly stack: () => string;

  constructor() {
    this.stack = captureStack(new.target);
  }
}

function createHere(): Tracked {
  return new Tracked();
}

describe('captureStack', () => {
  it('starts at the line that called the constructor, not inside it', () => {
    const first = createHere().stack().split('\n')[0]!;
    expect(first).toMatch(/^\s*at createHere \(.*stack\.test\.ts:\d+:\d+\)$/);
  });

  it('keeps only frame lines and formats once', () => {
    const stack = createHere().stack;
    const text = stack();
    expect(text.split('\n').every((line) => line.trimStart().startsWith('at '))).toBe(true);
    expect(stack()).toBe(text);
  });

  it('captures at most the frames asked for and restores the global limit', () => {
    const before = Error.stackTraceLimit;
    const stack = captureStack(createHere, { frames: 2 });
    expect(stack().split('\n').length).toBeLessThanOrEqual(2);
    expect(Error.stackTraceLimit).toBe(before);
  });
});

describe('trimStack', () => {
  const raw = [
    'Error: x',
    '    at user (/app/test.ts:1:1)',
    '    at Socket.connect (node:net:1:1)',
    '    at process (node:internal/process:2:2)',
    'not a frame',
  ].join('\n');

  it('keeps the frame lines', () => {
    expect(trimStack(raw).split('\n')).toHaveLength(3);
  });

  it("drops Node's own frames when asked", () => {
    expect(trimStack(raw, { dropNodeFrames: true })).toBe('    at user (/app/test.ts:1:1)');
  });
});
