/**
 * The DOM Event behaviour of a WebSocket client's events, pinned down on the
 * reference (undici 7's WHATWG WebSocket against a real `ws` server on
 * loopback) and on the mock (MockWebSocket against MockServer): target,
 * currentTarget, eventPhase and composedPath during and after a dispatch,
 * the event objects' fields, `dispatchEvent` by user code, and bad arguments
 * to the EventTarget methods. The listeners are in
 * event-target-conformance.test.ts; the scenarios work the same way.
 */
import { checkScenarios, useEnvironments, type EventContext } from './support/event-scenarios';
import {
  describeEvent,
  dispatchState,
  ended,
  failing,
  hearing,
  noting,
  outcome,
  receiving,
} from './support/event-sockets';

const contexts = useEnvironments();

/** What an event being dispatched at the socket shows. */
const AT_SOCKET = { target: 'socket', currentTarget: 'socket', eventPhase: Event.AT_TARGET, composedPath: ['socket'] };
/** What an event whose dispatch at the socket finished shows: its target only. */
const DISPATCHED = { target: 'socket', currentTarget: 'null', eventPhase: Event.NONE, composedPath: [] };
const during = (event: string): Record<string, unknown> => ({ during: event, ...AT_SOCKET });
const after = (event: string): Record<string, unknown> => ({ after: event, ...DISPATCHED });

/**
 * Adds a first listener for each of `types` that notes the state of the
 * event it gets, and of the one before, whose dispatch finished. Returns the
 * events seen.
 */
function noteDispatchStates(socket: WebSocket, types: string[], log: unknown[]): Event[] {
  const events: Event[] = [];
  for (const type of types)
    socket.addEventListener(type, (event) => {
      log.push({ during: describeEvent(event), ...dispatchState(event, socket) });
      const previous = events.at(-1);
      if (previous !== undefined) log.push({ after: describeEvent(previous), ...dispatchState(previous, socket) });
      events.push(event);
    });
  return events;
}

describe('target, currentTarget, eventPhase and composedPath', () => {
  checkScenarios(contexts, [
    {
      name: 'while an event is dispatched it is at the socket; once done, only its target stays',
      expected: [
        during('open'),
        during('message a'),
        after('open'),
        during('message b'),
        after('message a'),
        during('close'),
        after('message b'),
        after('close'),
      ],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a', 'b']);
        const events = noteDispatchStates(socket, ['open', 'message', 'close'], log);
        await ended(socket);
        log.push({ after: 'close', ...dispatchState(events.at(-1)!, socket) });
        return log;
      },
    },
    {
      name: 'the error and close events of a failed connection: at the socket while dispatched, then done',
      expected: [during('error'), during('close'), after('error'), after('close')],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = failing(ctx);
        const events = noteDispatchStates(socket, ['error', 'close'], log);
        await ended(socket);
        log.push({ after: 'close', ...dispatchState(events.at(-1)!, socket) });
        return log;
      },
    },
    {
      name: 'a later listener of the same dispatch sees the event at the socket, and cannot dispatch it again',
      expected: ['first a', { second: 'message a', ...AT_SOCKET }, 'dispatching it again threw'],
      platformDeparts: {
        trace: [
          'first a',
          { second: 'message a', ...DISPATCHED },
          'first a',
          { second: 'message a', ...DISPATCHED },
          'dispatching it again returned true',
        ],
        because:
          'Node 20’s EventTarget marks the event as no longer dispatched once the first listener returns, so ' +
          'later listeners see currentTarget null, eventPhase 0 and an empty path, and may dispatch it again',
      },
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a']);
        let again = false;
        socket.addEventListener('message', hearing(log, 'first'));
        socket.addEventListener('message', (event) => {
          log.push({ second: describeEvent(event), ...dispatchState(event, socket) });
          if (again) return;
          again = true;
          log.push(`dispatching it again ${outcome(() => socket.dispatchEvent(event), { errorName: false })}`);
        });
        await ended(socket);
        return log;
      },
    },
  ]);
});

/** What any event the socket fires shows, read after its first listener called preventDefault(). */
function eventFields(event: Event): Record<string, unknown> {
  event.preventDefault();
  return {
    type: event.type,
    isEvent: event instanceof Event,
    bubbles: event.bubbles,
    cancelable: event.cancelable,
    composed: event.composed,
    defaultPrevented: event.defaultPrevented,
    returnValue: event.returnValue,
    isTrusted: event.isTrusted,
    timeStamp: typeof event.timeStamp,
  };
}

const FIELDS = {
  isEvent: true,
  bubbles: false,
  cancelable: false,
  composed: false,
  // preventDefault() does nothing to an event that is not cancelable.
  defaultPrevented: false,
  returnValue: true,
  // The standard says true for events the user agent fires; no script on Node can make one (undici cannot).
  isTrusted: false,
  timeStamp: 'number',
};

describe('the event objects', () => {
  checkScenarios(contexts, [
    {
      name: 'open, message, close and error events: not bubbling, not cancelable; message events carry their fields',
      expected: (ctx) => [
        { ...FIELDS, type: 'open' },
        {
          ...FIELDS,
          type: 'message',
          isMessageEvent: true,
          data: 'a',
          origin: new URL(ctx.env.url).origin,
          lastEventId: '',
          source: null,
          ports: [],
        },
        { ...FIELDS, type: 'close' },
        { ...FIELDS, type: 'error' },
        { ...FIELDS, type: 'close' },
      ],
      async run(ctx) {
        const log: unknown[] = [];
        for (const connect of [() => receiving(ctx, ['a']), () => failing(ctx)]) {
          const socket = connect();
          for (const type of ['open', 'error', 'close'])
            socket.addEventListener(type, (event) => log.push(eventFields(event)));
          socket.addEventListener('message', (event) => {
            const { data, origin, lastEventId, source, ports } = event;
            const isMessageEvent = event instanceof ctx.MessageEvent;
            log.push({ ...eventFields(event), isMessageEvent, data, origin, lastEventId, source, ports });
          });
          await ended(socket);
        }
        return log;
      },
    },
    {
      name: 'timeStamp is on the performance clock and does not decrease from one event to the next',
      expected: [{ events: 7, onTheClock: true, nonDecreasing: true }],
      async run(ctx) {
        const stamps: number[] = [];
        let onTheClock = true;
        const socket = receiving(ctx, ['a', 'b', 'c', 'd', 'e']);
        for (const type of ['open', 'message', 'close'])
          socket.addEventListener(type, (event) => {
            stamps.push(event.timeStamp);
            onTheClock &&= event.timeStamp >= 0 && event.timeStamp <= performance.now();
          });
        await ended(socket);
        const nonDecreasing = stamps.every((stamp, i) => i === 0 || stamp >= stamps[i - 1]!);
        return [{ events: stamps.length, onTheClock, nonDecreasing }];
      },
    },
    {
      name: 'Object.prototype.toString tags: Event for open, MessageEvent for message, CloseEvent for close',
      expected: ['[object Event]', '[object MessageEvent]', '[object CloseEvent]'],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a']);
        for (const type of ['open', 'message', 'close'])
          socket.addEventListener(type, (event) => log.push(Object.prototype.toString.call(event)));
        await ended(socket);
        return log;
      },
    },
    {
      name: 'the error event of a failed connection is a plain Event',
      expected: ['[object Event]'],
      referenceDeparts: {
        trace: ['[object ErrorEvent]'],
        because: 'undici 7 fires an ErrorEvent carrying a TypeError; the standard fires a plain Event named error',
      },
      async run(ctx) {
        const log: unknown[] = [];
        const socket = failing(ctx);
        socket.addEventListener('error', (event) => log.push(Object.prototype.toString.call(event)));
        await ended(socket);
        return log;
      },
    },
  ]);
});

describe('dispatchEvent by user code', () => {
  checkScenarios(contexts, [
    {
      name: 'an Event, a MessageEvent and a CustomEvent reach their listeners (onmessage too) at the socket',
      expected: [
        { listener: 'message', ...AT_SOCKET },
        'handler message',
        'returned true',
        { listener: 'message x', ...AT_SOCKET },
        'handler message x',
        'returned true',
        { listener: 'foo, detail 7', ...AT_SOCKET },
        'returned true',
        { listener: 'message', ...AT_SOCKET },
        'handler message',
        'returned false, defaultPrevented true',
      ],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, []);
        socket.addEventListener('message', (event) => {
          log.push({ listener: describeEvent(event), ...dispatchState(event, socket) });
          event.preventDefault();
        });
        socket.onmessage = (event) => log.push(`handler ${describeEvent(event)}`);
        socket.addEventListener('foo', (event) => {
          const { detail } = event as CustomEvent<number>;
          log.push({ listener: `foo, detail ${detail}`, ...dispatchState(event, socket) });
        });
        log.push(`returned ${socket.dispatchEvent(new Event('message'))}`);
        log.push(`returned ${socket.dispatchEvent(new MessageEvent('message', { data: 'x' }))}`);
        log.push(`returned ${socket.dispatchEvent(new CustomEvent('foo', { detail: 7 }))}`);
        const cancelable = new Event('message', { cancelable: true });
        log.push(`returned ${socket.dispatchEvent(cancelable)}, defaultPrevented ${cancelable.defaultPrevented}`);
        await ended(socket);
        return log;
      },
    },
    {
      name: 'an event the socket fired can be dispatched again once its dispatch finished',
      expected: [
        { listener: 'message a', ...AT_SOCKET },
        'later message a',
        { listener: 'message a', ...AT_SOCKET },
        'later message a',
        'returned true',
        { after: 'message a', ...DISPATCHED },
      ],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a']);
        let fired: Event | undefined;
        socket.addEventListener('message', (event) => {
          log.push({ listener: describeEvent(event), ...dispatchState(event, socket) });
          fired = event;
        });
        socket.addEventListener('message', noting(log, 'later'));
        await ended(socket);
        log.push(`returned ${socket.dispatchEvent(fired!)}`);
        log.push({ after: describeEvent(fired!), ...dispatchState(fired!, socket) });
        return log;
      },
    },
    {
      name: 'dispatching the event being dispatched throws',
      expected: ['threw', 'listener message a'],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a']);
        socket.addEventListener('message', (event) => {
          log.push(outcome(() => socket.dispatchEvent(event), { errorName: false }));
          noting(log, 'listener')(event);
        });
        await ended(socket);
        return log;
      },
    },
  ]);
});

/** The socket's EventTarget methods, callable with any arguments. */
type Loose = Record<'addEventListener' | 'removeEventListener' | 'dispatchEvent', (...args: unknown[]) => unknown>;

/** Notes what each call did, then whether a message still reaches the one listener added after them. */
async function afterCalls(
  ctx: EventContext,
  calls: (socket: Loose) => Array<[string, () => unknown]>,
): Promise<unknown[]> {
  const log: unknown[] = [];
  const socket = receiving(ctx, ['a']);
  for (const [name, call] of calls(socket as unknown as Loose)) log.push(`${name} ${outcome(call)}`);
  socket.addEventListener('message', noting(log, 'only listener'));
  await ended(socket);
  return log;
}

describe('bad arguments', () => {
  checkScenarios(contexts, [
    {
      name: 'a non-event to dispatch and a non-object listener throw TypeError; a null listener is ignored',
      expected: [
        'dispatchEvent({ type }) threw TypeError',
        'dispatchEvent(null) threw TypeError',
        'addEventListener(type, 5) threw TypeError',
        "addEventListener(type, 'f') threw TypeError",
        'removeEventListener(type, 5) threw TypeError',
        'addEventListener(type, null) returned undefined',
        'removeEventListener(type, null) returned undefined',
        'only listener message a',
      ],
      run: (ctx) =>
        afterCalls(ctx, (socket) => [
          ['dispatchEvent({ type })', () => socket.dispatchEvent({ type: 'message' })],
          ['dispatchEvent(null)', () => socket.dispatchEvent(null)],
          ['addEventListener(type, 5)', () => socket.addEventListener('message', 5)],
          ["addEventListener(type, 'f')", () => socket.addEventListener('message', 'f')],
          ['removeEventListener(type, 5)', () => socket.removeEventListener('message', 5)],
          ['addEventListener(type, null)', () => socket.addEventListener('message', null)],
          ['removeEventListener(type, null)', () => socket.removeEventListener('message', null)],
        ]),
    },
    {
      name: 'addEventListener and removeEventListener with the type only throw TypeError',
      expected: [
        'addEventListener(type) threw TypeError',
        'removeEventListener(type) threw TypeError',
        'only listener message a',
      ],
      run: (ctx) =>
        afterCalls(ctx, (socket) => [
          ['addEventListener(type)', () => socket.addEventListener('message')],
          ['removeEventListener(type)', () => socket.removeEventListener('message')],
        ]),
    },
  ]);
});
