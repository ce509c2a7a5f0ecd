import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TIMELINE_SCHEMA, type TimelineEvent } from '@ws-isolation/internal';
import { pickWindow, readTimelines, timelineKey, type TimelineStage } from '../src/report/read-timelines';
import { tempDir } from './helpers';
import { cleanConnection, forcedConnections } from './timeline-fixture';

function session(pid: number, ppid: number, file: string, t = 1): TimelineEvent {
  return { type: 'session', t, schema: TIMELINE_SCHEMA, pid, ppid, file };
}

function write(dir: string, pid: number, events: Array<TimelineEvent | string>): void {
  mkdirSync(dir, { recursive: true });
  const text = events.map((event) => (typeof event === 'string' ? event : JSON.stringify(event))).join('\n');
  writeFileSync(join(dir, `${pid}.jsonl`), `${text}\n`);
}

let root: string;
beforeEach(() => (root = tempDir('timelines-')));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('readTimelines', () => {
  it('cuts each process file into test windows, found by file and name, and puts each with its stage', () => {
    const dir = join(root, 'timeline');
    // The suite ran in band (pid 100); a warm worker (pid 201) is a child of the warm Jest (pid 200).
    write(dir, 100, [session(100, 1, '/p/a.test.ts'), ...forcedConnections('one', 2), ...cleanConnection('two')]);
    write(dir, 201, [session(201, 200, '/p/a.test.ts'), ...cleanConnection('two'), '{"type":"state","t":']);
    write(dir, 300, [session(300, 1, '/p/a.test.ts'), ...cleanConnection('two')]);
    const stages = new Map<number, TimelineStage>([
      [100, 'suite'],
      [200, 'isolated'],
    ]);
    const windows = readTimelines(dir, (pid) => stages.get(pid));

    expect([...windows.keys()].sort()).toEqual([
      timelineKey('/p/a.test.ts', 'one'),
      timelineKey('/p/a.test.ts', 'two'),
    ]);
    const two = windows.get(timelineKey('/p/a.test.ts', 'two'))!;
    expect(two.map((window) => [window.stage, window.pid])).toEqual([
      ['suite', 100],
      ['isolated', 201],
    ]);
    // The torn last line of a killed process is skipped; what came before it is kept.
    expect(two[1]!.timeline.events).toEqual(cleanConnection('two'));
    // The suite window of "one" holds its cleanup, up to the next test's start.
    const one = windows.get(timelineKey('/p/a.test.ts', 'one'))![0]!.timeline;
    expect(one.events.filter((event) => event.type === 'forced')).toHaveLength(2);
  });

  it('brings instances still open at a test start into its window, as they were', () => {
    const dir = join(root, 'timeline');
    const leftOpen = forcedConnections('first', 1).filter((event) => event.type !== 'forced' && event.type !== 'leak');
    write(dir, 100, [session(100, 1, '/p/b.test.ts'), ...leftOpen, ...cleanConnection('second')]);
    const windows = readTimelines(dir, () => 'suite');
    const second = windows.get(timelineKey('/p/b.test.ts', 'second'))![0]!.timeline.events;
    expect(second.slice(0, 3).map((event) => [event.type, 'id' in event ? event.id : ''])).toEqual([
      ['created', 'c1'],
      ['state', 'c1'],
      ['test-start', ''],
    ]);
    expect(second[1]).toMatchObject({ type: 'state', to: 'READY' });
  });

  it('skips sessions of another schema version and notes a cut record with what it dropped', () => {
    const dir = join(root, 'timeline');
    write(dir, 100, [
      { ...session(100, 1, '/p/c.test.ts'), schema: 'ws-isolation.timeline/v2' } as unknown as TimelineEvent,
      ...cleanConnection('future'),
      session(100, 1, '/p/d.test.ts'),
      ...forcedConnections('cut', 1).slice(0, 2),
      { type: 'truncated', t: 10_003, maxBytes: 300 },
      { type: 'dropped', t: 10_500, file: '/p/d.test.ts', count: 9, types: { state: 9 } },
    ]);
    const windows = readTimelines(dir, () => 'suite');
    expect(windows.has(timelineKey('/p/c.test.ts', 'future'))).toBe(false);
    const cut = windows.get(timelineKey('/p/d.test.ts', 'cut'))![0]!.timeline;
    expect(cut.truncated).toBe(true);
    expect(cut.dropped).toBe(9);
  });

  it('gives nothing for a directory nobody wrote', () => {
    expect(readTimelines(join(root, 'missing'), () => 'suite').size).toBe(0);
  });
});

describe('pickWindow', () => {
  const quiet = { events: cleanConnection('t') };
  const leaky = { events: forcedConnections('t', 1) };
  it('shows the confirmation alone when there was one, the window that leaked or failed first', () => {
    const windows = [
      { stage: 'isolated' as const, pid: 1, timeline: leaky },
      { stage: 'confirm' as const, pid: 2, timeline: quiet },
      { stage: 'confirm' as const, pid: 3, timeline: leaky },
      { stage: 'suite' as const, pid: 4, timeline: quiet },
    ];
    expect(pickWindow(windows, 'isolated')).toBe(leaky);
    expect(pickWindow(windows.slice(0, 2), 'isolated')).toBe(quiet);
    expect(pickWindow(windows, 'suite')).toBe(quiet);
    expect(pickWindow(windows.slice(0, 1), 'suite')).toBeUndefined();
  });
});
