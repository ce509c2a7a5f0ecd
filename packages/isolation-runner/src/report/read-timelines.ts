import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTimelineLine, TIMELINE_SCHEMA, type TimelineEvent } from '@ws-isolation/internal';
import type { TestTimeline } from '../types';

/** The stage of the runner whose Jest wrote a timeline file. */
export type TimelineStage = 'suite' | 'isolated' | 'confirm';

/** One test's window in one process: its events, and the stage and process that ran it. */
interface Window {
  stage: TimelineStage;
  pid: number;
  timeline: TestTimeline;
}

/** The key a test is found by: its file's absolute path and its full name. */
export function timelineKey(file: string, test: string): string {
  return `${file}\u0000${test}`;
}

/**
 * Reads every `<pid>.jsonl` in `dir` and cuts it into test windows: a test's
 * window runs from its `test-start` to the next test's start (or its file's
 * end), so its cleanup is in it; instances still open at its start (made by
 * the file or an earlier test) come along with what they were until then.
 * `stageOf` names the stage of a Jest process id; files of other processes
 * (bisection) are skipped.
 */
export function readTimelines(dir: string, stageOf: (pid: number) => TimelineStage | undefined): Map<string, Window[]> {
  const windows = new Map<string, Window[]>();
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
  } catch {
    return windows;
  }
  for (const name of names.sort()) {
    const events = readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .map(parseTimelineLine)
      .filter((event) => event !== undefined);
    for (const session of sessionsOf(events)) {
      const stage = stageOf(session.pid) ?? stageOf(session.ppid);
      if (stage === undefined) continue;
      for (const [test, timeline] of testWindows(session.events)) {
        const key = timelineKey(session.file, test);
        windows.set(key, [...(windows.get(key) ?? []), { stage, pid: session.pid, timeline }]);
      }
    }
  }
  return windows;
}

interface Session {
  pid: number;
  ppid: number;
  file: string;
  events: TimelineEvent[];
}

function sessionsOf(events: readonly TimelineEvent[]): Session[] {
  const sessions: Session[] = [];
  let current: Session | undefined;
  for (const event of events) {
    if (event.type === 'session') {
      // A session of another schema version: its events are skipped up to the next session.
      current =
        event.schema === TIMELINE_SCHEMA
          ? { pid: event.pid, ppid: event.ppid, file: event.file, events: [] }
          : undefined;
      if (current !== undefined) sessions.push(current);
    } else if (event.type === 'dropped') {
      // Its own session line may be among what was dropped: the note names its file.
      const owner = [...sessions].reverse().find((session) => session.file === event.file) ?? current;
      owner?.events.push(event);
    } else current?.events.push(event);
  }
  return sessions;
}

/** Cuts one test file's events into the windows of its tests. */
function testWindows(events: readonly TimelineEvent[]): Map<string, TestTimeline> {
  const windows = new Map<string, TestTimeline>();
  const open = new Map<string, TimelineEvent[]>();
  let current: TestTimeline | undefined;
  let truncated = false;
  for (const event of events) {
    if (event.type === 'test-start') {
      current = { events: [...[...open.values()].flat(), event] };
      if (truncated) current.truncated = true;
      windows.set(event.test, current);
      continue;
    }
    if (event.type === 'truncated') {
      truncated = true;
      if (current !== undefined) current.truncated = true;
    } else if (event.type === 'dropped') {
      // Every window from the cut on lost events: each says how many the file lost.
      for (const timeline of windows.values()) if (timeline.truncated) timeline.dropped = event.count;
    }
    current?.events.push(event);
    trackOpen(open, event);
  }
  return windows;
}

/** What each open instance was before the window: its `created` event and its last state. */
function trackOpen(open: Map<string, TimelineEvent[]>, event: TimelineEvent): void {
  if (event.type === 'created') open.set(event.id, [event]);
  else if (event.type === 'state') {
    const known = open.get(event.id);
    if (known !== undefined) open.set(event.id, [known[0]!, event]);
  } else if (event.type === 'closed' || event.type === 'forced' || event.type === 'failed') open.delete(event.id);
}

/**
 * Picks the window a report shows for one run: alone, the confirmation in a
 * process of its own when there was one (what the report's result is), else
 * the warm run; the first window whose test did not pass or leaked, else the last.
 */
export function pickWindow(windows: readonly Window[], run: 'isolated' | 'suite'): TestTimeline | undefined {
  const stages: TimelineStage[] = run === 'suite' ? ['suite'] : ['confirm', 'isolated'];
  for (const stage of stages) {
    const candidates = windows.filter((window) => window.stage === stage);
    if (candidates.length === 0) continue;
    const troubled = candidates.find(({ timeline }) => timeline.events.some(isTrouble));
    return (troubled ?? candidates.at(-1)!).timeline;
  }
  return undefined;
}

function isTrouble(event: TimelineEvent): boolean {
  return (
    event.type === 'leak' ||
    event.type === 'forced' ||
    event.type === 'failed' ||
    (event.type === 'test-end' && event.status === 'fail')
  );
}
