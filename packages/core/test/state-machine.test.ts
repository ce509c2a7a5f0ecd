import fc from 'fast-check';
import {
  CONNECTION_EVENTS,
  CONNECTION_STATES,
  canTransition,
  transition,
  type ConnectionEvent,
  type ConnectionState,
} from '../src';

// The contract, written out independently of the implementation's table.
const LEGAL: [ConnectionState, ConnectionEvent, ConnectionState][] = [
  ['DISCONNECTED', 'CONNECT', 'CONNECTING'],
  ['DISCONNECTED', 'TERMINATE', 'DISCONNECTED'],
  ['CONNECTING', 'OPEN', 'CONNECTED'],
  ['CONNECTING', 'CLOSE', 'CLOSING'],
  ['CONNECTING', 'FAIL', 'DISCONNECTED'],
  ['CONNECTING', 'TERMINATE', 'DISCONNECTED'],
  ['CONNECTED', 'WELCOME', 'READY'],
  ['CONNECTED', 'CLOSE', 'CLOSING'],
  ['CONNECTED', 'FAIL', 'DISCONNECTED'],
  ['CONNECTED', 'TERMINATE', 'DISCONNECTED'],
  ['READY', 'CLOSE', 'CLOSING'],
  ['READY', 'FAIL', 'DISCONNECTED'],
  ['READY', 'TERMINATE', 'DISCONNECTED'],
  ['CLOSING', 'CLOSED', 'DISCONNECTED'],
  ['CLOSING', 'FAIL', 'DISCONNECTED'],
  ['CLOSING', 'TERMINATE', 'DISCONNECTED'],
];

const isLegal = (state: ConnectionState, event: ConnectionEvent): boolean =>
  LEGAL.some(([s, e]) => s === state && e === event);
const ILLEGAL = CONNECTION_STATES.flatMap((state) =>
  CONNECTION_EVENTS.filter((event) => !isLegal(state, event)).map((event) => [state, event] as const),
);

describe('transition', () => {
  it('knows exactly the five states and seven events', () => {
    expect([...CONNECTION_STATES].sort()).toEqual(['CLOSING', 'CONNECTED', 'CONNECTING', 'DISCONNECTED', 'READY']);
    expect(CONNECTION_EVENTS).toHaveLength(7);
    expect(LEGAL.length + ILLEGAL.length).toBe(35);
  });

  it.each(LEGAL)('%s + %s → %s', (state, event, next) => {
    expect(transition(state, event)).toBe(next);
    expect(canTransition(state, event)).toBe(true);
  });

  it.each(ILLEGAL)('%s + %s is illegal and throws ERR_WSI_ILLEGAL_TRANSITION', (state, event) => {
    expect(canTransition(state, event)).toBe(false);
    expect(() => transition(state, event)).toThrow(expect.objectContaining({ code: 'ERR_WSI_ILLEGAL_TRANSITION' }));
  });

  it('rejects unknown states and events with the same coded error', () => {
    expect(() => transition('OPEN' as ConnectionState, 'CONNECT')).toThrow(
      expect.objectContaining({ code: 'ERR_WSI_ILLEGAL_TRANSITION' }),
    );
    expect(() => transition('DISCONNECTED', 'JUMP' as ConnectionEvent)).toThrow(
      expect.objectContaining({ code: 'ERR_WSI_ILLEGAL_TRANSITION' }),
    );
  });

  it('keeps its invariants over random event sequences', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CONNECTION_EVENTS), { maxLength: 60 }), (events) => {
        let state: ConnectionState = 'DISCONNECTED';
        for (const event of events) {
          // DISCONNECTED is reachable from every state by terminate.
          expect(transition(state, 'TERMINATE')).toBe('DISCONNECTED');
          let next: ConnectionState;
          try {
            next = transition(state, event);
          } catch (error) {
            expect(error).toMatchObject({ code: 'ERR_WSI_ILLEGAL_TRANSITION' });
            continue;
          }
          expect(CONNECTION_STATES).toContain(next);
          // READY only after a welcome, CONNECTED only after an open, CLOSING only after a close.
          if (next === 'READY' && state !== 'READY') expect(event).toBe('WELCOME');
          if (next === 'CONNECTED') expect(event).toBe('OPEN');
          if (next === 'CLOSING') expect(event).toBe('CLOSE');
          if (next === 'READY') expect(state).toBe('CONNECTED');
          state = next;
        }
        expect(CONNECTION_STATES).toContain(state);
      }),
      { numRuns: 500 },
    );
  });
});
