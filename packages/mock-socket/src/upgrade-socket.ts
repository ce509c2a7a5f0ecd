import { EventEmitter } from 'eventemitter3';
import { nextHop } from './microtask';
import type { ConnectAttempt } from './network';

/** What becomes of a client's upgrade request, decided by whoever holds its socket stand-in. */
export interface UpgradeOutcome {
  /** The handshake failed (a response other than 101, or the socket was destroyed): the client sees error, then close 1006. */
  refuse(): void;
  /** After the upgrade: the transport was destroyed, as an abrupt drop. */
  drop(): void;
}

const standIns = new WeakMap<object, MockUpgradeSocket>();
// Set by the class's static block: the mock server's access to a socket's private state.
let upgradeState: (socket: MockUpgradeSocket) => 'pending' | 'ended' | 'upgraded' | 'destroyed';
let markUpgraded: (socket: MockUpgradeSocket, outcome: UpgradeOutcome) => void;
let attemptOf: (socket: MockUpgradeSocket) => ConnectAttempt;

/**
 * The socket of an upgrade request that an in-process `node:http` server's
 * `upgrade` listeners get for a `MockWebSocket`: the calls `ws` and its users
 * make on a `net.Socket` work, `write()` keeps what was written (a `401`
 * response, say), and `end()` or `destroy()` refuses the connection as a
 * real server that answers without upgrading does. `handleUpgrade()` of a
 * mock server completes the handshake.
 */
export class MockUpgradeSocket extends EventEmitter {
  readonly remoteAddress = '127.0.0.1';
  readonly remoteFamily = 'IPv4';
  readonly remotePort: number;
  readonly localAddress = '127.0.0.1';
  readonly localPort: number;
  /** True for a `wss:` request, as on a TLS socket. */
  readonly encrypted: boolean;
  #outcome: UpgradeOutcome;
  readonly #attempt: ConnectAttempt;
  #state: 'pending' | 'ended' | 'upgraded' | 'destroyed' = 'pending';
  #written = '';

  constructor(attempt: ConnectAttempt, ports: { remote: number; local: number }, encrypted: boolean) {
    super();
    this.#attempt = attempt;
    this.#outcome = { refuse: () => attempt.refuse(), drop: () => attempt.refuse() };
    this.remotePort = ports.remote;
    this.localPort = ports.local;
    this.encrypted = encrypted;
    standIns.set(this, this);
  }

  get readable(): boolean {
    return this.#state === 'pending' || this.#state === 'upgraded';
  }

  get writable(): boolean {
    return this.#state === 'pending' || this.#state === 'upgraded';
  }

  get destroyed(): boolean {
    return this.#state === 'destroyed';
  }

  /** What was written before the upgrade (an HTTP response, if the server refused). */
  get written(): string {
    return this.#written;
  }

  write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    if (this.#state !== 'pending') return false;
    this.#written += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('latin1');
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') nextHop(() => (done as () => void)());
    return true;
  }

  /** Ends the response: the server answered without upgrading, so the client's handshake fails. */
  end(chunk?: unknown): this {
    if (chunk !== undefined && typeof chunk !== 'function') this.write(chunk);
    if (this.#state !== 'pending') return this;
    this.#state = 'ended';
    this.#outcome.refuse();
    nextHop(() => this.emit('finish'));
    return this;
  }

  /** Before the upgrade: refuses the connection; after it: drops it, as a lost TCP connection. */
  destroy(): this {
    const was = this.#state;
    if (was === 'destroyed') return this;
    this.#state = 'destroyed';
    if (was === 'upgraded') this.#outcome.drop();
    else this.#outcome.refuse();
    nextHop(() => this.emit('close', false));
    return this;
  }

  // The calls ws and http code make on a net.Socket; nothing to do in memory.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }

  static {
    // Module-private access for the mock server: not part of the socket's API.
    upgradeState = (socket) => socket.#state;
    attemptOf = (socket) => socket.#attempt;
    markUpgraded = (socket, outcome) => {
      socket.#state = 'upgraded';
      socket.#outcome = outcome;
    };
  }
}

/** Whether the handshake on `socket` can still complete: nothing answered or destroyed it. */
export function isUpgradePending(socket: MockUpgradeSocket): boolean {
  return upgradeState(socket) === 'pending';
}

/** The mock server completed the handshake on `socket`; from now on `destroy()` drops the connection. */
export function completeUpgradeOn(socket: MockUpgradeSocket, outcome: UpgradeOutcome): void {
  markUpgraded(socket, outcome);
}

/** `socket` as one of our stand-ins, or undefined for anything else (a real socket). */
export function asUpgradeSocket(socket: unknown): MockUpgradeSocket | undefined {
  return typeof socket === 'object' && socket !== null ? standIns.get(socket) : undefined;
}

/** The client's attempt behind a stand-in. */
export function upgradeAttempt(socket: MockUpgradeSocket): ConnectAttempt {
  return attemptOf(socket);
}

/** Whether `handleUpgrade()` already completed the handshake on `socket`. */
export function isUpgraded(socket: MockUpgradeSocket): boolean {
  return upgradeState(socket) === 'upgraded';
}
