import { EventEmitter } from 'eventemitter3';
import type { TrackedInstance } from '@ws-isolation/registry';
import { show } from '@ws-isolation/internal';
import { acquirePermit, safeRelease } from './acquire-permit';
import { runAttempt, type AttemptHost } from './attempt';
import type { CloseReport } from './close-report';
import { closeSocket } from './close-socket';
import { CoreError, CoreErrorCode, DeliveryUnconfirmedError } from './errors';
import { Heartbeat } from './heartbeat';
import { emitGuarded } from './listener-errors';
import type { DeliveryTerms, IncomingData, OutgoingData } from './messages';
import {
  readCloseOptions,
  readConnectOptions,
  resolveOptions,
  type CloseOptions,
  type ConnectionOptions,
  type ConnectOptions,
  type PermitLike,
  type ResolvedOptions,
} from './options';
import { Outbox } from './outbox';
import { assertSendable, incomingTooLarge, oversize } from './payload';
import { readAck } from './protocol';
import { Registration } from './registration';
import { reportError } from './report-error';
import { runRetryCycle, type ReconnectingInfo } from './retry-cycle';
import { isOutgoingData } from './send-queue';
import type { SocketDriver } from './socket-driver';
import { ConnectionState, transition, type ConnectionEvent } from './state-machine';

/** What the `state` event carries. */
export interface StateChange {
  from: ConnectionState;
  to: ConnectionState;
}

/** What the `ready` event carries. */
export interface ReadyInfo {
  clientId: string;
  sessionId: string;
  /** The session this one replaces, after a reconnect. */
  previousSessionId: string | undefined;
}

/** Events of a Connection (eventemitter3). */
export interface ConnectionEvents {
  state: (change: StateChange) => void;
  ready: (info: ReadyInfo) => void;
  message: (data: IncomingData) => void;
  reconnecting: (info: ReconnectingInfo) => void;
  close: (report: CloseReport) => void;
  error: (error: CoreError) => void;
}

interface Cycle {
  controller: AbortController;
  promise: Promise<void>;
}

let instances = 0;

/**
 * A WebSocket connection with a stable client ID, a server-issued session per
 * connection, an explicit lifecycle, reconnection, and a close that is always
 * bounded. Tracked by the registry from construction until closed for good.
 *
 * @example
 * const connection = new Connection({ url: 'ws://127.0.0.1:8080' });
 * await connection.connect();
 * connection.send('hello');
 * const report = await connection.close();
 */
export class Connection extends EventEmitter<ConnectionEvents> {
  readonly id: string;
  readonly kind = 'connection';
  readonly clientId: string;
  readonly url: string;
  readonly #options: ResolvedOptions;
  readonly #outbox: Outbox;
  #state: ConnectionState = ConnectionState.DISCONNECTED;
  #sessionId: string | undefined;
  #driver: SocketDriver | undefined;
  #cycle: Cycle | undefined;
  #heartbeat: Heartbeat | undefined;
  #closing: Promise<CloseReport> | undefined;
  #finalReport: CloseReport | undefined;
  #terminated: { promise: Promise<void>; resolve(): void };
  readonly #registration: Registration;
  // Made once: every emission (one per message) hands it to emitGuarded.
  readonly #reportFailure = (failure: CoreError): void => this.#report(failure);

  constructor(options: ConnectionOptions) {
    super();
    this.#options = resolveOptions(options);
    this.#outbox = new Outbox(this.#options.maxQueuedMessages);
    this.clientId = this.#options.clientId;
    this.url = this.#options.url;
    instances += 1;
    this.id = `connection-${instances}-${this.clientId}`;
    let resolve: () => void = () => undefined;
    const promise = new Promise<void>((r) => (resolve = r));
    this.#terminated = { promise, resolve };
    // close() resolves to a CloseReport; its `forced` tells the registry when
    // the connection had to terminate itself at its own deadline.
    this.#registration = new Registration(this.#options.registry, this as unknown as TrackedInstance, new.target);
    this.#registration.track(new.target);
  }

  /** The current state. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** The session of the current (or last) connection; a reconnect gets a new one. */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  /** How many messages wait for READY. */
  get queuedMessages(): number {
    return this.#outbox.queued;
  }

  /** How many messages were handed to the socket and wait for the server's acknowledgement (0 when the server does not acknowledge). */
  get unacknowledgedMessages(): number {
    return this.#outbox.unacknowledged;
  }

  /** One line for leak reports: url, client ID, session ID and state. */
  describe(): string {
    return `connection ${this.url} clientId=${this.clientId} sessionId=${this.#sessionId ?? '-'} state=${this.#state}`;
  }

  /**
   * Connects, retrying as `reconnect` allows; resolves on READY. Rejects with
   * a coded error on failure, handshake timeout, abort (ERR_WSI_ABORTED) or
   * close (ERR_WSI_CLOSED).
   */
  connect(options?: ConnectOptions): Promise<void> {
    let signal: AbortSignal | undefined;
    try {
      signal = readConnectOptions(options).signal;
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#finalReport !== undefined || this.#closing !== undefined) {
      return Promise.reject(
        new CoreError(CoreErrorCode.CLOSED, `connect() on a connection that was closed (${this.clientId})`),
      );
    }
    if (signal?.aborted) return Promise.reject(abortedError());
    if (this.#state === ConnectionState.READY) return Promise.resolve();
    const cycle = this.#cycle ?? this.#startCycle(undefined);
    if (signal === undefined) return cycle.promise;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#cycle === cycle) this.#abortCycle(abortedError());
        reject(abortedError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      cycle.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /**
   * Sends now when READY; otherwise queues (up to `maxQueuedMessages`, then
   * throws ERR_WSI_QUEUE_FULL) and flushes in order on READY. A message
   * larger than `maxPayload` throws ERR_WSI_MESSAGE_TOO_LARGE.
   */
  send(data: OutgoingData): void {
    if (!isOutgoingData(data)) {
      throw new CoreError(
        CoreErrorCode.INVALID_MESSAGE,
        `send() takes a string, ArrayBuffer or typed array; received ${show(data)}`,
      );
    }
    if (this.#finalReport !== undefined || this.#closing !== undefined) {
      throw new CoreError(CoreErrorCode.CLOSED, `send() on a connection that was closed (${this.clientId})`);
    }
    assertSendable(data, this.#options.maxPayload);
    this.#outbox.send(data, this.#state === ConnectionState.READY ? this.#driver : undefined);
  }

  /**
   * Closes: READY → CLOSING → DISCONNECTED. Past `timeoutMs` the socket is
   * terminated and the report says `forced`. Idempotent; safe in any state.
   */
  close(options?: CloseOptions): Promise<CloseReport> {
    let parsed: Required<CloseOptions>;
    try {
      parsed = readCloseOptions(options, this.#options.closeTimeoutMs);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#closing !== undefined) return this.#closing;
    if (this.#finalReport !== undefined) return Promise.resolve(this.#finalReport);
    // Set before the close starts, so a state listener that calls close() again joins it.
    let settle: (report: Promise<CloseReport>) => void = () => undefined;
    this.#closing = new Promise<CloseReport>((resolve) => (settle = resolve));
    settle(this.#runClose(parsed));
    return this.#closing;
  }

  /** Drops the socket at once; the state is DISCONNECTED when this returns. Idempotent. */
  terminate(): void {
    if (this.#finalReport !== undefined) return;
    const driver = this.#driver;
    this.#stopSession();
    driver?.terminate();
    if (this.#state !== ConnectionState.DISCONNECTED) this.#move('TERMINATE');
    this.#terminated.resolve();
    if (this.#closing === undefined)
      this.#finish({
        forced: driver !== undefined,
        code: 1006,
        reason: '',
        ...this.#outbox.finish(false),
      });
  }

  async #runClose({ code, reason, timeoutMs }: Required<CloseOptions>): Promise<CloseReport> {
    const driver = this.#driver;
    const live = this.#state !== ConnectionState.DISCONNECTED;
    if (live) this.#move('CLOSE');
    this.#stopSession();
    let outcome = { forced: false, code, reason, clean: true };
    if (driver !== undefined) {
      const { clock } = this.#options;
      outcome = await closeSocket({
        driver,
        code,
        reason,
        timeoutMs,
        clock,
        terminated: this.#terminated.promise,
        onMessage: (data) => this.#deliver(data),
      });
    }
    if (this.#state === ConnectionState.CLOSING) this.#move('CLOSED');
    const { clean, ...ended } = outcome;
    // A peer that finished the closing handshake read everything sent before it; a drop during the close proves nothing.
    return this.#finish({ ...ended, ...this.#outbox.finish(clean) });
  }

  /** Stops everything in flight: heartbeat, retries, the current attempt. */
  #stopSession(): void {
    this.#heartbeat?.stop();
    this.#heartbeat = undefined;
    this.#driver = undefined;
    const cycle = this.#cycle;
    this.#cycle = undefined;
    cycle?.controller.abort(
      new CoreError(CoreErrorCode.CLOSED, `Connection ${this.clientId} was closed before it was ready`),
    );
  }

  #startCycle(lost: CoreError | undefined): Cycle {
    this.#registration.track(this.#startCycle);
    const controller = new AbortController();
    const options = this.#options;
    // Registered before the first attempt starts: a state listener that calls
    // close() on CONNECTING must find the cycle to stop.
    const cycle: Cycle = { controller, promise: Promise.resolve() };
    this.#cycle = cycle;
    const promise = runRetryCycle({
      policy: options.reconnect,
      clock: options.clock,
      random: options.random,
      signal: controller.signal,
      lost,
      attempt: () => this.#attempt(controller.signal),
      onRetry: (info) => this.#emit('reconnecting', info),
    });
    cycle.promise = promise;
    promise.then(
      () => {
        if (this.#cycle === cycle) this.#cycle = undefined;
      },
      (error: unknown) => {
        if (this.#cycle !== cycle || controller.signal.aborted) return;
        this.#cycle = undefined;
        if (lost === undefined) this.#giveUp(error, false);
        else
          this.#giveUp(
            new CoreError(CoreErrorCode.CONNECTION_LOST, `${lost.message}; reconnection gave up`, { cause: error }),
            true,
          );
      },
    );
    return cycle;
  }

  /** Stops the current attempt (the caller's AbortSignal fired) and reports the failed connect. */
  #abortCycle(error: CoreError): void {
    const driver = this.#driver;
    const cycle = this.#cycle;
    this.#cycle = undefined;
    this.#driver = undefined;
    driver?.terminate();
    if (this.#state !== ConnectionState.DISCONNECTED) this.#move('FAIL');
    cycle?.controller.abort(error);
    this.#giveUp(error, false);
  }

  #attempt(signal: AbortSignal): Promise<void> {
    const { throttle, throttleKey } = this.#options;
    // Without a throttle the attempt starts synchronously: connect() returns in CONNECTING.
    if (throttle === undefined) return this.#connectOnce(signal, undefined);
    return acquirePermit(throttle, throttleKey, signal).then((permit) => this.#connectOnce(signal, permit));
  }

  async #connectOnce(signal: AbortSignal, permit: PermitLike | undefined): Promise<void> {
    try {
      const { driver, sessionId, delivery, leftovers } = await runAttempt(this.#attemptHost, signal);
      if (signal.aborted) throw signal.reason;
      this.#becomeReady(driver, sessionId, delivery, leftovers);
    } finally {
      safeRelease(permit);
    }
  }

  get #attemptHost(): AttemptHost {
    return {
      options: this.#options,
      previousSessionId: this.#sessionId,
      move: (event) => this.#move(event),
      adopt: (driver) => {
        this.#driver = driver;
      },
    };
  }

  #becomeReady(driver: SocketDriver, sessionId: string, delivery: DeliveryTerms, leftovers: IncomingData[]): void {
    const previousSessionId = this.#sessionId;
    this.#sessionId = sessionId;
    driver.setHandlers({
      open: () => undefined,
      message: (data) => this.#onMessage(data),
      error: () => undefined,
      close: () => this.#onDrop(driver, 'the socket closed'),
    });
    this.#startHeartbeat(driver);
    // What the resumed session did not receive goes first, then what was queued.
    const unconfirmed = this.#outbox.begin(sessionId, delivery, driver);
    this.#move('WELCOME');
    if (unconfirmed.length > 0) this.#reportUnconfirmed(unconfirmed, previousSessionId);
    // A state or error listener may have closed or terminated the connection already.
    if (this.#state !== ConnectionState.READY || this.#driver !== driver) return;
    this.#emit('ready', { clientId: this.clientId, sessionId, previousSessionId });
    for (const data of leftovers) this.#onMessage(data);
    // A close that arrived right behind the welcome went to the attempt's handlers.
    if (!driver.isOpen) this.#onDrop(driver, 'the socket closed right after the handshake');
  }

  #onMessage(data: IncomingData): void {
    if (this.#heartbeat?.handle(data)) return;
    this.#deliver(data);
  }

  /**
   * Hands a message to the application, unless it is a `session.ack` (taken
   * here) or larger than maxPayload (reported, not delivered).
   */
  #deliver(data: IncomingData): void {
    const received = readAck(data);
    if (received !== undefined) {
      this.#outbox.acknowledge(received);
      return;
    }
    const { maxPayload } = this.#options;
    const size = oversize(data, maxPayload);
    if (size === undefined) {
      this.#emit('message', data);
      return;
    }
    const error = incomingTooLarge(size, maxPayload);
    this.#report(error);
  }

  /** The reconnection did not resume the session that dropped: what it left in doubt is reported, not sent again. */
  #reportUnconfirmed(messages: OutgoingData[], droppedSessionId: string | undefined): void {
    const n = messages.length;
    this.#report(
      new DeliveryUnconfirmedError(
        messages,
        `Connection ${this.clientId}: the server did not resume session ${droppedSessionId ?? '-'}, ` +
          `so ${n} message${n === 1 ? '' : 's'} sent before the drop may or may not have arrived; ` +
          'they were not sent again (see error.messages)',
      ),
    );
  }

  /** Emits `error`; with nobody listening it becomes a process warning, never lost and never a crash (see report-error). */
  #report(error: CoreError): void {
    reportError(this, error, {
      describe: () => this.describe(),
      creationStack: () => this.#registration.creationStack(),
    });
  }

  #startHeartbeat(driver: SocketDriver): void {
    const { heartbeat, clock } = this.#options;
    if (heartbeat === false) return;
    this.#heartbeat = new Heartbeat(
      clock,
      heartbeat,
      (text) => driver.send(text),
      () => {
        driver.terminate();
        this.#onDrop(driver, `no heartbeat pong within ${heartbeat.timeoutMs} ms`);
      },
    );
    this.#heartbeat.start();
  }

  /** The READY socket went away without `close()`: reconnect, or give up. */
  #onDrop(driver: SocketDriver, why: string): void {
    if (this.#driver !== driver) return;
    this.#heartbeat?.stop();
    this.#heartbeat = undefined;
    this.#driver = undefined;
    driver.detach();
    this.#outbox.drop();
    this.#move('FAIL');
    const lost = new CoreError(
      CoreErrorCode.CONNECTION_LOST,
      `Connection ${this.clientId} to ${this.url} was lost: ${why}`,
    );
    if (this.#options.reconnect === false) this.#giveUp(lost, true);
    else this.#startCycle(lost);
  }

  /** No attempt is left: report what was never sent, stop tracking, and tell listeners. */
  #giveUp(error: unknown, emitError: boolean): void {
    this.#registration.untrack();
    this.#emit('close', {
      forced: false,
      code: 1006,
      reason: '',
      ...this.#outbox.finish(false),
    });
    if (emitError) this.#report(error as CoreError);
  }

  #finish(report: CloseReport): CloseReport {
    this.#finalReport ??= report;
    this.#registration.untrack();
    this.#emit('close', report);
    return report;
  }

  #move(event: ConnectionEvent): void {
    const from = this.#state;
    const to = transition(from, event);
    this.#state = to;
    if (from !== to) this.#emit('state', { from, to });
  }

  /** A throwing listener must not corrupt the lifecycle: it is reported as ERR_WSI_LISTENER_FAILED (see listener-errors). */
  #emit<E extends Exclude<keyof ConnectionEvents, 'error'>>(event: E, ...args: Parameters<ConnectionEvents[E]>): void {
    emitGuarded(this, event, args, this.#reportFailure);
  }
}

function abortedError(): CoreError {
  return new CoreError(CoreErrorCode.ABORTED, 'connect() was aborted by its signal');
}
