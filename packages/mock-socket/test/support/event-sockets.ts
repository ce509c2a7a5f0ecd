import { deferred, thrownBy, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import type { EventContext } from './event-scenarios';

/** A client of `/send/<texts>`: it opens, receives `texts` in order, then the server closes with 1000. */
export function receiving(ctx: EventContext, texts: string[]): WebSocket {
  return new ctx.WebSocket(`${ctx.env.url}/send/${texts.join(',')}`);
}

/** A client of the echo path, resolved once open (bounded). */
export async function echoing(ctx: EventContext): Promise<WebSocket> {
  const socket = new ctx.WebSocket(`${ctx.env.url}/echo`);
  await waitForEvent(socket, 'open');
  return socket;
}

/** Sends `text` and resolves once its echo was dispatched (bounded): the next step runs between two messages. */
export async function echo(socket: WebSocket, text: string): Promise<void> {
  const echoed = waitForEvent(socket, 'message');
  socket.send(text);
  await echoed;
}

/** A client of a URL where nothing listens: it fires error, then close. */
export function failing(ctx: EventContext): WebSocket {
  return new ctx.WebSocket(`${ctx.env.deadUrl}/nobody`);
}

/**
 * Resolves once `socket` fired close (bounded). Call it after the scenario
 * attached its own listeners, so this one runs last.
 */
export async function ended(socket: WebSocket): Promise<void> {
  await waitForEvent(socket, 'close');
}

/** A listener that notes `<name> <type>`, with the data of a message event. */
export function noting(log: unknown[], name: string): (event: Event) => void {
  return (event) => log.push(`${name} ${describeEvent(event)}`);
}

/** A message listener that notes `<name> <data>`. */
export function hearing(log: unknown[], name: string): (event: MessageEvent) => void {
  return (event) => log.push(`${name} ${String(event.data)}`);
}

/** `message a` for a message event with data `a`, the bare type for others. */
export function describeEvent(event: Event): string {
  return 'data' in event && event.data !== undefined ? `${event.type} ${String(event.data)}` : event.type;
}

/** What the socket is to an event right now: its target, currentTarget, phase and path. */
export function dispatchState(event: Event, socket: WebSocket): Record<string, unknown> {
  const name = (target: EventTarget | null): string =>
    target === null ? 'null' : target === socket ? 'socket' : 'other';
  return {
    target: name(event.target),
    currentTarget: name(event.currentTarget),
    eventPhase: event.eventPhase,
    composedPath: Array.from(event.composedPath(), name),
  };
}

/**
 * `threw <name>` or `returned <value>`: what a call did. Errors are told
 * apart by name only (Node's and the DOM's classes differ), or not at all
 * with `errorName: false`.
 */
export function outcome(call: () => unknown, { errorName = true } = {}): string {
  let returned: unknown;
  const thrown = thrownBy(() => (returned = call()));
  if (thrown === undefined) return `returned ${String(returned)}`;
  return errorName ? `threw ${(thrown as Error).name}` : 'threw';
}

/**
 * Runs `body` while uncaught exceptions go to a list instead of the process,
 * and resolves once `count` arrived (bounded) with their messages. A throwing
 * listener's error surfaces as an uncaught exception, which Jest's own
 * handler would turn into a failure of the test; Node's capture callback
 * takes precedence over every `uncaughtException` listener, Jest's included.
 */
export async function capturingUncaught(count: number, body: () => Promise<void>): Promise<string[]> {
  if (process.hasUncaughtExceptionCaptureCallback())
    throw new Error('an uncaught exception capture callback is already set');
  const reported: string[] = [];
  const enough = deferred();
  process.setUncaughtExceptionCaptureCallback((error) => {
    reported.push(String((error as Partial<Error> | undefined)?.message ?? error));
    if (reported.length === count) enough.resolve();
  });
  try {
    await body();
    await withTimeout(enough.promise, 10_000, `${count} uncaught exceptions`);
    return reported;
  } finally {
    process.setUncaughtExceptionCaptureCallback(null);
  }
}
