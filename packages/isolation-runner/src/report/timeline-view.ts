import type { TimelineEvent } from '@ws-isolation/internal';
import type { TestTimeline } from '../types';

/** A span of time an instance spent in one state; times are ms from the window's start. */
export interface Segment {
  state: string;
  from: number;
  to: number;
}

/** One instance's life in a window. */
export interface Lane {
  id: string;
  kind: string;
  label: string;
  /** The `at …` frames where it was created, the creating line first. */
  stack: string;
  segments: Segment[];
  /** How it ended, if it did within the window. */
  end?: { type: 'closed' | 'forced' | 'failed'; at: number; byCleanup: boolean };
  /** Set when the environment reported it as a leak. */
  leak?: { owner: string; at: number };
}

/** A moment of the test itself, drawn across every lane. */
export interface Marker {
  type: 'test-start' | 'test-end' | 'cleanup-start' | 'truncated';
  at: number;
  text: string;
}

/** A window as the HTML report draws it. */
export interface TimelineView {
  /** Length of the window in ms (at least 1). */
  durationMs: number;
  lanes: Lane[];
  markers: Marker[];
  truncated: boolean;
  dropped?: number;
}

/**
 * Turns a test's events into lanes: one per instance, in the order they
 * appeared, each a run of state segments that ends at its close (or at the
 * window's end when it never closed).
 */
export function timelineView(timeline: TestTimeline): TimelineView {
  const events = timeline.events;
  const start = events.find((event) => event.type === 'test-start')?.t ?? Math.min(...events.map((event) => event.t));
  const last = Math.max(start, ...events.map((event) => event.t));
  const at = (t: number): number => Math.max(0, t - start);
  const lanes = new Map<string, Lane>();
  const markers: Marker[] = [];
  for (const event of events) {
    if (event.type === 'created') {
      lanes.set(event.id, {
        id: event.id,
        kind: event.kind,
        label: event.label,
        stack: event.stack,
        segments: [{ state: event.state || 'open', from: at(event.t), to: at(last) }],
      });
      continue;
    }
    const marker = markerOf(event, at(event.t));
    if (marker !== undefined) markers.push(marker);
    if (!('id' in event)) continue;
    const lane = lanes.get(event.id);
    if (lane === undefined) continue;
    if (event.type === 'state') moveTo(lane, event.to, at(event.t));
    else if (event.type === 'leak') lane.leak = { owner: event.owner, at: at(event.t) };
    else if (lane.end === undefined) {
      lane.end = { type: event.type, at: at(event.t), byCleanup: event.byCleanup };
      const open = lane.segments.at(-1)!;
      open.to = Math.max(open.from, at(event.t));
    }
  }
  const view: TimelineView = {
    durationMs: Math.max(1, at(last)),
    lanes: [...lanes.values()],
    markers,
    truncated: timeline.truncated === true,
  };
  if (timeline.dropped !== undefined) view.dropped = timeline.dropped;
  return view;
}

function moveTo(lane: Lane, state: string, at: number): void {
  if (lane.end !== undefined) return;
  const open = lane.segments.at(-1)!;
  if (open.state === state) return;
  const end = open.to;
  open.to = Math.max(open.from, at);
  lane.segments.push({ state, from: open.to, to: end });
}

function markerOf(event: TimelineEvent, at: number): Marker | undefined {
  switch (event.type) {
    case 'test-start':
      return { type: 'test-start', at, text: 'test started' };
    case 'test-end':
      return { type: 'test-end', at, text: `test ended${event.status === undefined ? '' : ` (${event.status})`}` };
    case 'cleanup-start':
      return {
        type: 'cleanup-start',
        at,
        text: `cleanup of ${event.scope === undefined ? 'every scope' : `scope ${event.scope}`}: ${event.count} open, ${event.timeoutMs} ms to close`,
      };
    case 'truncated':
      return { type: 'truncated', at, text: `record cut at ${event.maxBytes} bytes` };
    default:
      return undefined;
  }
}
