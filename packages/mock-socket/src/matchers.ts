import { MockSocketErrorCode } from './errors';
import { messageMatches, type MatcherContext } from './partial-match';
import type { ReceivedMessage } from './server-socket';

/** Anything with received messages: a `MockServer` or one of its connections. */
export interface MessageSource {
  readonly messages: readonly ReceivedMessage[];
  nextMessage(options?: { timeoutMs?: number }): Promise<ReceivedMessage>;
}

export interface MatcherResult {
  pass: boolean;
  message(): string;
}

function isSource(value: unknown): value is MessageSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as MessageSource).messages) &&
    typeof (value as MessageSource).nextMessage === 'function'
  );
}

function notASource(context: MatcherContext, name: string, received: unknown): MatcherResult {
  return {
    pass: false,
    message: () =>
      `${name}: expected a MockServer or a server connection, received ${context.utils.printReceived(received)}`,
  };
}

/**
 * Waits for the next message the server or connection has not yet handed out
 * (as `nextMessage()`), and matches it: strings and Buffers exactly; objects
 * partially, against the message parsed as JSON; asymmetric matchers work.
 *
 * @example await expect(server).toReceiveMessage({ type: 'hello' });
 */
async function toReceiveMessage(
  this: MatcherContext,
  received: unknown,
  expected: unknown,
  options: { timeoutMs?: number } = {},
): Promise<MatcherResult> {
  if (!isSource(received)) return notASource(this, 'toReceiveMessage', received);
  const timeoutMs = options.timeoutMs ?? 1000;
  let message: ReceivedMessage;
  try {
    message = await received.nextMessage({ timeoutMs });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why =
      code === MockSocketErrorCode.TIMEOUT
        ? `no message arrived within ${timeoutMs} ms`
        : `the wait failed (${String(error)})`;
    return {
      pass: false,
      message: () => `expected a message matching ${this.utils.printExpected(expected)}, but ${why}`,
    };
  }
  const pass = messageMatches(message, expected, (a, b) => this.equals(a, b));
  return {
    pass,
    message: () =>
      pass
        ? `expected the next message not to match ${this.utils.printExpected(expected)}, received ${this.utils.printReceived(message)}`
        : `expected the next message to match ${this.utils.printExpected(expected)}, received ${this.utils.printReceived(message)}`,
  };
}

/**
 * Checks, without waiting, that the messages received so far contain the
 * expected ones in this order (others may come between), each matched as in
 * `toReceiveMessage`.
 *
 * @example expect(connection).toHaveReceivedMessages(['hi', { type: 'ping' }]);
 */
function toHaveReceivedMessages(this: MatcherContext, received: unknown, expected: readonly unknown[]): MatcherResult {
  if (!isSource(received)) return notASource(this, 'toHaveReceivedMessages', received);
  let from = 0;
  let missing: unknown;
  for (const item of expected) {
    const index = received.messages.findIndex(
      (message, i) => i >= from && messageMatches(message, item, (a, b) => this.equals(a, b)),
    );
    if (index === -1) {
      missing = item;
      break;
    }
    from = index + 1;
  }
  const pass = missing === undefined;
  const got = this.utils.printReceived(received.messages);
  return {
    pass,
    message: () =>
      pass
        ? `expected the messages not to contain ${this.utils.printExpected(expected)} in order, received ${got}`
        : `expected the messages to contain ${this.utils.printExpected(missing)} (in the order ${this.utils.printExpected(expected)}), received ${got}`,
  };
}

/** The matchers, for `expect.extend(mockSocketMatchers)`. */
export const mockSocketMatchers = { toReceiveMessage, toHaveReceivedMessages };
