import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import type { Registry } from '@ws-isolation/registry';
import { TestEnvironment as NodeEnvironment } from 'jest-environment-node';
import { EnvironmentError, EnvironmentErrorCode } from '@ws-isolation/isolation-core';
import { JestSession } from './jest-session';
import type { ResolvedOptions } from './options';

/**
 * A Jest environment (extends jest-environment-node) that isolates every
 * test: what a test leaves open is cleaned up after it, in bounded time, and
 * reported as a failure of that test; nothing it does can hang the run.
 * (`jsdom-environment.ts` is the same over jest-environment-jsdom: a class
 * each, because declarations of a mixin over Jest's types cannot be emitted.)
 *
 * @example
 * // jest.config.js
 * module.exports = { testEnvironment: '@ws-isolation/jest-environment' };
 */
export class WsIsolationEnvironment extends NodeEnvironment {
  /** The registry installed on this file's global; the test's `getRegistry()` returns it. */
  readonly registry: Registry;
  /** The options in force, defaults filled in. */
  readonly options: ResolvedOptions;
  readonly #session: JestSession;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.#session = new JestSession(this.global, config, context);
    this.registry = this.#session.registry;
    this.options = this.#session.options;
    if (this.options.mockWebSocket) {
      throw new EnvironmentError(
        EnvironmentErrorCode.INVALID_OPTION,
        'testEnvironmentOptions.wsIsolation.mockWebSocket is only for @ws-isolation/jest-environment/jsdom (a page WebSocket); received true',
      );
    }
  }

  override setup(): Promise<void> {
    return this.#session.setup(() => super.setup());
  }

  /** Never throws and every await is bounded: Jest awaits this for every event with no timeout. */
  handleTestEvent(event: Circus.Event, state: Circus.State): Promise<void> | void {
    return this.#session.handleTestEvent(event, state);
  }

  /** The last safety net: cleans up whatever is left in every scope, bounded, before Jest clears the global. */
  override teardown(): Promise<void> {
    return this.#session.teardown(() => super.teardown(), 'jest-environment-node');
  }
}
