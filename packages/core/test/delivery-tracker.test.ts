import { DeliveryTracker } from '../src/delivery-tracker';
import { readAck } from '../src/protocol';

const acks = { acks: true, resumed: undefined };

function droppedAfter(sent: string[], acked: number): DeliveryTracker {
  const tracker = new DeliveryTracker();
  tracker.begin('s1', acks);
  for (const message of sent) tracker.sent(message);
  tracker.acknowledge(acked);
  tracker.drop();
  return tracker;
}

describe('DeliveryTracker', () => {
  it('drops the acknowledged prefix; stale, malformed and excessive counts change nothing they should not', () => {
    const tracker = new DeliveryTracker();
    tracker.begin('s1', acks);
    for (const message of ['a', 'b', 'c', 'd']) tracker.sent(message);
    tracker.acknowledge(2);
    expect(tracker.unacknowledged).toBe(2);
    tracker.acknowledge(1);
    tracker.acknowledge(Number.NaN);
    expect(tracker.unacknowledged).toBe(2);
    tracker.acknowledge(10);
    expect(tracker.unacknowledged).toBe(0);
    expect(tracker.finish(false)).toEqual([]);
  });

  it('keeps thousands of messages in order across acks: a resume sends again exactly the uncounted tail', () => {
    const sent = Array.from({ length: 3000 }, (_, i) => `m${i}`);
    const tracker = new DeliveryTracker();
    tracker.begin('s1', acks);
    for (const message of sent.slice(0, 2000)) tracker.sent(message);
    tracker.acknowledge(1024);
    for (const message of sent.slice(2000)) tracker.sent(message);
    tracker.acknowledge(1500);
    expect(tracker.unacknowledged).toBe(1500);
    tracker.drop();
    expect(tracker.begin('s2', { acks: true, resumed: { sessionId: 's1', received: 2000 } })).toEqual({
      resend: sent.slice(2000),
      unconfirmed: [],
    });
  });

  it('on a resume of the dropped session, sends again exactly what the server did not count', () => {
    const tracker = droppedAfter(['a', 'b', 'c', 'd', 'e'], 1);
    expect(tracker.begin('s2', { acks: true, resumed: { sessionId: 's1', received: 3 } })).toEqual({
      resend: ['d', 'e'],
      unconfirmed: [],
    });
  });

  it('reports instead of guessing when the resume is of another session, or its count contradicts what was acked or sent', () => {
    expect(
      droppedAfter(['a', 'b'], 0).begin('s2', { acks: true, resumed: { sessionId: 'other', received: 1 } }),
    ).toEqual({ resend: [], unconfirmed: ['a', 'b'] });
    expect(
      droppedAfter(['a', 'b', 'c'], 1).begin('s2', { acks: true, resumed: { sessionId: 's1', received: 0 } }),
    ).toEqual({ resend: [], unconfirmed: ['b', 'c'] });
    expect(droppedAfter(['a', 'b'], 0).begin('s2', { acks: true, resumed: { sessionId: 's1', received: 3 } })).toEqual({
      resend: [],
      unconfirmed: ['a', 'b'],
    });
    expect(droppedAfter(['a'], 0).begin('s2', { acks: false, resumed: undefined })).toEqual({
      resend: [],
      unconfirmed: ['a'],
    });
  });

  it('keeps messages in doubt through a give-up: finish lists them whatever the last close was', () => {
    expect(droppedAfter(['a', 'b'], 1).finish(true)).toEqual(['b']);
  });

  it('tracks nothing when the session did not negotiate acks', () => {
    const tracker = new DeliveryTracker();
    tracker.begin('s1', { acks: false, resumed: undefined });
    tracker.sent('a');
    tracker.sent('b');
    expect(tracker.unacknowledged).toBe(0);
    tracker.drop();
    expect(tracker.finish(false)).toEqual([]);
  });
});

describe('readAck', () => {
  it('reads the count of a session.ack, NaN for a malformed one, and undefined for anything else', () => {
    expect(readAck('{"type":"session.ack","received":4}')).toBe(4);
    expect(readAck('{"type":"session.ack","received":-1}')).toBeNaN();
    expect(readAck('{"type":"session.ack"}')).toBeNaN();
    expect(readAck('{"type":"chat","received":4}')).toBeUndefined();
    expect(readAck('{"type":"session.ack", broken')).toBeUndefined();
    expect(readAck(new Uint8Array([1]))).toBeUndefined();
  });
});
