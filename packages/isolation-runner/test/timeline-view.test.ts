import { timelineView } from '../src/report/timeline-view';
import { cleanConnection, forcedConnections } from './timeline-fixture';

describe('timelineView', () => {
  it('draws each forced connection as a lane that stays READY past the test end until cleanup forces it', () => {
    const view = timelineView({ events: forcedConnections('parallel', 3) });
    expect(view.lanes.map((lane) => lane.id)).toEqual(['c1', 'c2', 'c3']);
    const testEnd = view.markers.find((marker) => marker.type === 'test-end')!.at;
    const cleanup = view.markers.find((marker) => marker.type === 'cleanup-start')!.at;
    expect([testEnd, cleanup]).toEqual([100, 101]);
    for (const lane of view.lanes) {
      expect(lane.segments.map((segment) => segment.state)).toEqual([
        'DISCONNECTED',
        'CONNECTING',
        'CONNECTED',
        'READY',
      ]);
      const ready = lane.segments.at(-1)!;
      expect(ready.to).toBe(2101);
      expect(lane.end).toEqual({ type: 'forced', at: 2101, byCleanup: true });
      expect(lane.leak).toEqual({ owner: 'test "parallel"', at: 2102 });
      expect(lane.stack).toMatch(/^ {4}at openConnection/);
    }
    expect(view.durationMs).toBe(2102);
  });

  it('ends a lane closed by the test at its close, and keeps one never closed open to the window end', () => {
    const events = cleanConnection('clean');
    const closed = timelineView({ events }).lanes[0]!;
    expect(closed.segments).toEqual([
      { state: 'DISCONNECTED', from: 1, to: 5 },
      { state: 'READY', from: 5, to: 40 },
      { state: 'CLOSING', from: 40, to: 45 },
      { state: 'DISCONNECTED', from: 45, to: 45 },
    ]);
    expect(closed.end).toEqual({ type: 'closed', at: 45, byCleanup: false });
    const open = timelineView({ events: events.filter((event) => event.type !== 'closed') }).lanes[0]!;
    expect(open.end).toBeUndefined();
    expect(open.segments.at(-1)).toEqual({ state: 'DISCONNECTED', from: 45, to: 50 });
  });

  it('says when the record was cut and how much it lost', () => {
    const events = forcedConnections('parallel', 1).slice(0, 3);
    const view = timelineView({
      events: [...events, { type: 'truncated', t: 10_010, maxBytes: 512 }],
      truncated: true,
      dropped: 7,
    });
    expect(view.truncated).toBe(true);
    expect(view.dropped).toBe(7);
    expect(view.markers.at(-1)).toEqual({ type: 'truncated', at: 10, text: 'record cut at 512 bytes' });
  });
});
