import { ManualClock } from '@ws-isolation/test-utils';
import type { RegistryEntry, RegistryEvent } from '@ws-isolation/registry';
import { describeRegistryEvent, Logger } from '../src/logger';

function capture(level: ConstructorParameters<typeof Logger>[0]): {
  logger: Logger;
  lines: string[];
  clock: ManualClock;
} {
  const clock = new ManualClock(1000);
  const lines: string[] = [];
  const logger = new Logger(level, { write: (line) => lines.push(line), now: () => clock.now() }, 'a.test.js');
  return { logger, lines, clock };
}

const entry: RegistryEntry = {
  id: 'conn-1',
  kind: 'connection',
  label: 'ws://x',
  state: 'READY',
  stack: '',
  scope: 'test',
  createdAt: 0,
};

describe('Logger', () => {
  it('writes LEVEL: message [file +elapsed ms] lines', () => {
    const { logger, lines, clock } = capture('debug');
    clock.advance(42);
    logger.debug(() => 'step');
    logger.info(() => 'note');
    logger.warn('careful');
    expect(lines).toEqual([
      'DEBUG: step [a.test.js +42 ms]\n',
      'INFO: note [a.test.js +42 ms]\n',
      'WARN: careful [a.test.js +42 ms]\n',
    ]);
  });

  it('filters by level; warn always prints; quiet levels do not build messages', () => {
    const info = capture('info');
    const build = jest.fn(() => 'x');
    info.logger.debug(build);
    info.logger.info(() => 'shown');
    expect(build).not.toHaveBeenCalled();
    expect(info.lines).toEqual(['INFO: shown [a.test.js +0 ms]\n']);

    const quiet = capture(false);
    quiet.logger.info(build);
    quiet.logger.warn('still shown');
    expect(build).not.toHaveBeenCalled();
    expect(quiet.lines).toEqual(['WARN: still shown [a.test.js +0 ms]\n']);
  });

  it('survives a sink that throws', () => {
    const logger = new Logger(
      'debug',
      {
        write: () => {
          throw new Error('EPIPE');
        },
        now: () => 0,
      },
      'a',
    );
    expect(() => logger.warn('x')).not.toThrow();
  });
});

describe('describeRegistryEvent', () => {
  // Each case is named by its event type: an event printed into the name (%o) shows the Error's stack, whose frames
  // depend on how Jest was started, so the name would change from one run to the next.
  const cases: [RegistryEvent, string][] = [
    [{ type: 'track', entry }, 'Tracking instance conn-1 (ws://x) in scope test'],
    [{ type: 'untrack', entry }, 'Untracked instance conn-1 (ws://x)'],
    [
      { type: 'cleanup-start', count: 2, timeoutMs: 300, scope: 'test' },
      'Cleanup of scope test started: 2 instance(s), timeout 300 ms',
    ],
    [{ type: 'closed', entry, elapsedMs: 3.4 }, 'Closed instance conn-1 (ws://x) after 3 ms'],
    [
      { type: 'forced', entry, elapsedMs: 300.2 },
      'Forcing cleanup of instance conn-1 (ws://x): close did not settle in 300 ms; terminated',
    ],
    [
      { type: 'failed', entry: { ...entry, error: new Error('nope') }, elapsedMs: 1 },
      'Cleanup of instance conn-1 (ws://x) failed after 1 ms: Error: nope',
    ],
    [
      { type: 'cleanup-end', report: { closed: [entry], forced: [], failed: [], durationMs: 12.6 } },
      'Cleanup finished in 13 ms: 1 closed, 0 forced, 0 failed',
    ],
  ];
  it.each(cases.map(([event, line]) => [event.type, event, line] as const))(
    'describes a %s event',
    (_type, event, line) => {
      expect(describeRegistryEvent(event)).toBe(line);
    },
  );
});
