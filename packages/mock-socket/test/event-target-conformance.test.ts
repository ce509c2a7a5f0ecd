/**
 * The DOM EventTarget behaviour of a WebSocket client's listeners, pinned
 * down on the reference (undici 7's WHATWG WebSocket against a real `ws`
 * server on loopback) and on the mock (MockWebSocket against MockServer):
 * their order, options, changes during a dispatch, kinds, propagation, and
 * listeners that throw. The event objects and `dispatchEvent` are in
 * event-target-dispatch-conformance.test.ts. Each scenario states what the
 * DOM and HTML standards specify; where undici, Node's own EventTarget or the
 * mock departs, the scenario says how and why (support/event-scenarios.ts).
 */
import { checkScenarios, useEnvironments, type EventScenario } from './support/event-scenarios';
import {
  capturingUncaught,
  describeEvent,
  echo,
  echoing,
  ended,
  failing,
  hearing,
  noting,
  receiving,
} from './support/event-sockets';

const contexts = useEnvironments();

/** Node's EventTarget keeps one list in the order added; the DOM runs capture listeners first at the target. */
const ONE_LIST_AT_TARGET =
  'Node 20’s EventTarget runs the listeners at the target in the order added, whatever their capture';

describe('listener order', () => {
  checkScenarios(contexts, [
    {
      name: 'open, message and close listeners run in the order added',
      expected: [
        'A open',
        'B open',
        'C open',
        'A message a',
        'B message a',
        'C message a',
        'A close',
        'B close',
        'C close',
      ],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a']);
        for (const type of ['open', 'message', 'close'])
          for (const name of ['A', 'B', 'C']) socket.addEventListener(type, noting(log, name));
        await ended(socket);
        return log;
      },
    },
    {
      name: 'error and close listeners of a failed connection run in the order added',
      expected: ['A error', 'B error', 'A close', 'B close'],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = failing(ctx);
        for (const type of ['error', 'close'])
          for (const name of ['A', 'B']) socket.addEventListener(type, noting(log, name));
        await ended(socket);
        return log;
      },
    },
    {
      name: 'onmessage keeps its place when reassigned; set to null it is removed; set again it goes last',
      expected: ['A a', 'second a', 'B a', 'A b', 'B b', 'A c', 'B c', 'third c'],
      referenceDeparts: {
        trace: ['A a', 'B a', 'second a', 'A b', 'B b', 'A c', 'B c', 'third c'],
        because:
          'undici 7’s onmessage setter removes the old function and adds the new one with addEventListener, ' +
          'so a reassigned handler moves last; HTML keeps the event handler’s listener where it was first added',
      },
      async run(ctx) {
        const log: unknown[] = [];
        const socket = await echoing(ctx);
        socket.addEventListener('message', hearing(log, 'A'));
        socket.onmessage = hearing(log, 'first');
        socket.addEventListener('message', hearing(log, 'B'));
        socket.onmessage = hearing(log, 'second');
        await echo(socket, 'a');
        socket.onmessage = null;
        await echo(socket, 'b');
        socket.onmessage = hearing(log, 'third');
        await echo(socket, 'c');
        socket.close();
        await ended(socket);
        return log;
      },
    },
    {
      name: 'the onmessage handler is a listener of its own: the same function added with addEventListener runs twice',
      expected: ['f a', 'f a', 'remover a', 'f b', 'remover b', 'onmessage is f: true'],
      referenceDeparts: {
        trace: ['f a', 'remover a', 'remover b', 'onmessage is f: true'],
        because:
          'undici 7 adds the handler function itself as a listener, so adding it again is a duplicate and ' +
          'removing it removes the handler; in HTML the handler’s listener is not the function',
      },
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a', 'b']);
        const f = hearing(log, 'f');
        socket.onmessage = f;
        socket.addEventListener('message', f);
        socket.addEventListener('message', (event) => {
          log.push(`remover ${String(event.data)}`);
          socket.removeEventListener('message', f);
        });
        await ended(socket);
        log.push(`onmessage is f: ${socket.onmessage === f}`);
        return log;
      },
    },
  ]);
});

describe('listener options', () => {
  checkScenarios(contexts, [
    {
      name: 'once: true runs a listener for the first event only',
      expected: ['once open', 'every open', 'once message a', 'every message a', 'every message b'],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a', 'b']);
        for (const type of ['open', 'message']) {
          socket.addEventListener(type, noting(log, 'once'), { once: true });
          socket.addEventListener(type, noting(log, 'every'));
        }
        await ended(socket);
        return log;
      },
    },
    {
      name: 'a signal aborted before the add: the listener is never added',
      expected: ['every open', 'every message a', 'every close'],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a']);
        for (const type of ['open', 'message', 'close']) {
          socket.addEventListener(type, noting(log, 'never'), { signal: AbortSignal.abort() });
          socket.addEventListener(type, noting(log, 'every'));
        }
        await ended(socket);
        return log;
      },
    },
    {
      name: 'a signal aborted by an earlier listener: no call for that event or any later one',
      expected: ['aborter a', 'with signal a', 'aborter b', 'aborter c'],
      async run(ctx) {
        const log: unknown[] = [];
        const controller = new AbortController();
        const socket = receiving(ctx, ['a', 'b', 'c']);
        socket.addEventListener('message', (event) => {
          hearing(log, 'aborter')(event);
          if (event.data === 'b') controller.abort();
        });
        socket.addEventListener('message', hearing(log, 'with signal'), { signal: controller.signal });
        await ended(socket);
        return log;
      },
    },
    {
      name: 'adding the same function and capture again is ignored, whatever the other options; another capture counts',
      expected: ['f a', 'f a', 'f b', 'f b'],
      async run(ctx) {
        const log: unknown[] = [];
        const f = hearing(log, 'f');
        const socket = receiving(ctx, ['a', 'b']);
        socket.addEventListener('message', f);
        socket.addEventListener('message', f);
        socket.addEventListener('message', f, { once: true });
        socket.addEventListener('message', f, false);
        socket.addEventListener('message', f, { capture: true });
        socket.addEventListener('message', f, { capture: true, once: true });
        await ended(socket);
        return log;
      },
    },
    {
      name: 'removeEventListener removes only the listener with the same capture (options object)',
      // The capture listener is added first, so the order is the same whether capture listeners run first or not.
      expected: ['capture a', 'plain a', 'remover a', 'capture b', 'plain b', 'remover b', 'remover c'],
      async run(ctx) {
        const log: unknown[] = [];
        const capture = hearing(log, 'capture');
        const plain = hearing(log, 'plain');
        const socket = receiving(ctx, ['a', 'b', 'c']);
        socket.addEventListener('message', capture, { capture: true });
        socket.addEventListener('message', plain);
        socket.addEventListener('message', (event) => {
          hearing(log, 'remover')(event);
          if (event.data === 'a') {
            socket.removeEventListener('message', plain, { capture: true });
            socket.removeEventListener('message', capture, { capture: false });
            socket.removeEventListener('message', capture);
          }
          if (event.data === 'b') {
            socket.removeEventListener('message', plain, {});
            socket.removeEventListener('message', capture, { capture: true });
          }
        });
        await ended(socket);
        return log;
      },
    },
    {
      name: 'removeEventListener(type, listener, true) removes the capture listener, not the other',
      expected: ['capture a', 'plain a', 'remover a', 'plain b', 'remover b'],
      platformDeparts: {
        trace: ['capture a', 'plain a', 'remover a', 'capture b', 'remover b'],
        because:
          'Node 20’s removeEventListener reads `options.capture` even when options is a boolean, ' +
          'so `true` is taken as capture false; the DOM takes a boolean as the capture flag',
      },
      async run(ctx) {
        const log: unknown[] = [];
        const capture = hearing(log, 'capture');
        const plain = hearing(log, 'plain');
        const socket = receiving(ctx, ['a', 'b']);
        socket.addEventListener('message', capture, true);
        socket.addEventListener('message', plain);
        socket.addEventListener('message', (event) => {
          hearing(log, 'remover')(event);
          if (event.data !== 'a') return;
          socket.removeEventListener('message', capture, true);
          socket.removeEventListener('message', plain, true);
        });
        await ended(socket);
        return log;
      },
    },
    {
      name: 'capture listeners run before the others at the target',
      expected: ['capture a', 'plain a'],
      platformDeparts: { trace: ['plain a', 'capture a'], because: ONE_LIST_AT_TARGET },
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a']);
        socket.addEventListener('message', hearing(log, 'plain'));
        socket.addEventListener('message', hearing(log, 'capture'), { capture: true });
        await ended(socket);
        return log;
      },
    },
  ]);
});

describe('listeners removed or added during a dispatch', () => {
  checkScenarios(contexts, [
    {
      name: 'a listener removed by an earlier one is not called for that event',
      expected: ['A a', 'C a', 'A b', 'C b'],
      async run(ctx) {
        const log: unknown[] = [];
        const b = hearing(log, 'B');
        const socket = receiving(ctx, ['a', 'b']);
        socket.addEventListener('message', (event) => {
          hearing(log, 'A')(event);
          socket.removeEventListener('message', b);
        });
        socket.addEventListener('message', b);
        socket.addEventListener('message', hearing(log, 'C'));
        await ended(socket);
        return log;
      },
    },
    {
      name: 'a listener added by the last one is called from the next event on',
      expected: ['A a', 'adder a', 'A b', 'adder b', 'added b'],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a', 'b']);
        socket.addEventListener('message', hearing(log, 'A'));
        socket.addEventListener('message', (event) => {
          hearing(log, 'adder')(event);
          if (event.data === 'a') socket.addEventListener('message', hearing(log, 'added'));
        });
        await ended(socket);
        return log;
      },
    },
    {
      name: 'a listener added by an earlier one is called from the next event on',
      expected: ['adder a', 'B a', 'adder b', 'B b', 'added b'],
      platformDeparts: {
        trace: ['adder a', 'B a', 'added a', 'adder b', 'B b', 'added b'],
        because:
          'Node 20’s EventTarget walks its live list, so a listener added behind the running one is called for ' +
          'the event being dispatched; the DOM calls the listeners that were there when the dispatch began',
      },
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a', 'b']);
        socket.addEventListener('message', (event) => {
          hearing(log, 'adder')(event);
          if (event.data === 'a') socket.addEventListener('message', hearing(log, 'added'));
        });
        socket.addEventListener('message', hearing(log, 'B'));
        await ended(socket);
        return log;
      },
    },
  ]);
});

describe('listener kinds and this', () => {
  checkScenarios(contexts, [
    {
      name: 'an object listener: handleEvent is looked up at each call and called with the object as this',
      expected: ['first a, this is the object', 'second b, this is the object'],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a', 'b']);
        const object = {
          handleEvent(this: unknown, event: MessageEvent): void {
            log.push(`first ${String(event.data)}, this is ${this === object ? 'the object' : 'something else'}`);
            object.handleEvent = function (this: unknown, next: MessageEvent): void {
              log.push(`second ${String(next.data)}, this is ${this === object ? 'the object' : 'something else'}`);
            };
          },
        };
        socket.addEventListener('message', object);
        await ended(socket);
        return log;
      },
    },
    {
      name: 'this is the socket in a function listener and in an onopen/onmessage/onclose/onerror handler',
      expected: [
        'listener open: true',
        'handler open: true',
        'listener message: true',
        'handler message: true',
        'listener close: true',
        'handler close: true',
        'listener error: true',
        'handler error: true',
        'listener close: true',
        'handler close: true',
      ],
      async run(ctx) {
        const log: unknown[] = [];
        for (const connect of [() => receiving(ctx, ['a']), () => failing(ctx)]) {
          const socket = connect();
          const noteThis = (name: string) =>
            function (this: unknown, event: Event): void {
              log.push(`${name} ${event.type}: ${this === socket}`);
            };
          for (const type of ['open', 'message', 'error', 'close'] as const) {
            socket.addEventListener(type, noteThis('listener'));
            socket[`on${type}`] = noteThis('handler');
          }
          await ended(socket);
        }
        return log;
      },
    },
  ]);
});

describe('propagation', () => {
  checkScenarios(contexts, [
    {
      name: 'stopImmediatePropagation() skips the later listeners of that event only',
      expected: ['A open', 'B open', 'A message a', 'B message a', 'A message b', 'B message b', 'C message b'],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a', 'b']);
        for (const type of ['open', 'message']) {
          socket.addEventListener(type, noting(log, 'A'));
          socket.addEventListener(type, (event) => {
            noting(log, 'B')(event);
            if (describeEvent(event) !== 'message b') event.stopImmediatePropagation();
          });
          socket.addEventListener(type, noting(log, 'C'));
        }
        await ended(socket);
        return log;
      },
    },
    {
      name: 'stopPropagation() does not skip the later listeners on the socket; cancelBubble reflects it',
      expected: [
        'A a: cancelBubble false, then true',
        'B a: cancelBubble true',
        'A b: cancelBubble false',
        'B b: cancelBubble false',
      ],
      async run(ctx) {
        const log: unknown[] = [];
        const socket = receiving(ctx, ['a', 'b']);
        socket.addEventListener('message', (event) => {
          if (event.data === 'b') {
            log.push(`A b: cancelBubble ${event.cancelBubble}`);
            return;
          }
          const before = event.cancelBubble;
          event.stopPropagation();
          log.push(`A a: cancelBubble ${before}, then ${event.cancelBubble}`);
        });
        socket.addEventListener('message', (event) =>
          log.push(`B ${String(event.data)}: cancelBubble ${event.cancelBubble}`),
        );
        await ended(socket);
        return log;
      },
    },
  ]);
});

/**
 * A scenario where `attach` makes a listener of `thrower`, which throws at
 * every message: the other listener still runs, so does the next message, and
 * each error surfaces as an uncaught exception (as Node's EventTarget reports
 * it; a browser reports it to the console).
 */
function reportsErrorsOf(
  kind: string,
  attach: (socket: WebSocket, thrower: (event: MessageEvent) => void) => void,
): EventScenario {
  return {
    name: `${kind}: the later listener and the next message still run; each error is an uncaught exception`,
    expected: ['thrower a', 'later a', 'thrower b', 'later b', { reported: ['thrown at a', 'thrown at b'] }],
    async run(ctx) {
      const log: unknown[] = [];
      const reported = await capturingUncaught(2, async () => {
        const socket = receiving(ctx, ['a', 'b']);
        attach(socket, (event) => {
          hearing(log, 'thrower')(event);
          throw new Error(`thrown at ${String(event.data)}`);
        });
        socket.addEventListener('message', hearing(log, 'later'));
        await ended(socket);
      });
      return [...log, { reported }];
    },
  };
}

describe('listeners that throw', () => {
  checkScenarios(contexts, [
    reportsErrorsOf('a function listener that throws', (socket, thrower) =>
      socket.addEventListener('message', thrower),
    ),
    reportsErrorsOf('an onmessage handler that throws', (socket, thrower) => (socket.onmessage = thrower)),
    reportsErrorsOf('an object whose handleEvent throws', (socket, thrower) =>
      socket.addEventListener('message', { handleEvent: thrower }),
    ),
    reportsErrorsOf('a listener whose returned promise rejects', (socket, thrower) =>
      socket.addEventListener('message', async (event) => thrower(event)),
    ),
  ]);
});
