import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import type { Registry } from '@ws-isolation/registry';
import { TestEnvironment as JsdomEnvironment } from 'jest-environment-jsdom';
import { JestSession } from './jest-session';
import type { ResolvedOptions } from './options';
import { installPageMockWebSocket } from './page-mock-websocket';
import { trackPageWebSockets } from './page-websocket';

/**
 * The same isolation on top of jest-environment-jsdom: its options (`html`,
 * `url`, `customExportConditions`, …) pass through, ours stay under
 * `wsIsolation`. The page's `WebSocket` is tracked: one left open fails the
 * test that made it, at its line.
 *
 * @example
 * // jest.config.js
 * module.exports = { testEnvironment: '@ws-isolation/jest-environment/jsdom' };
 */
export class WsIsolationJsdomEnvironment extends JsdomEnvironment {
  /** The registry installed on this file's global (the page's window). */
  readonly registry: Registry;
  /** The options in force, defaults filled in. */
  readonly options: ResolvedOptions;
  readonly #session: JestSession;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.#session = new JestSession(this.global, config, context);
    this.registry = this.#session.registry;
    this.options = this.#session.options;
    const page = this.global as unknown as { WebSocket?: unknown };
    const vmContext = this.getVmContext();
    if (this.options.mockWebSocket && vmContext !== null) {
      installPageMockWebSocket(page, vmContext, config.projectConfig.rootDir);
    } else {
      trackPageWebSockets(page, this.registry, this.#session.sockets);
    }
  }

  override setup(): Promise<void> {
    return this.#session.setup(() => super.setup());
  }

  /** Never throws and every await is bounded: Jest awaits this for every event with no timeout. */
  handleTestEvent(event: Circus.Event, state: Circus.State): Promise<void> | void {
    return this.#session.handleTestEvent(event, state);
  }

  override teardown(): Promise<void> {
    return this.#session.teardown(() => super.teardown(), 'jest-environment-jsdom');
  }
}
