import { show } from '@ws-isolation/internal';
import { MockSocketError, MockSocketErrorCode, optionReader } from './errors';

/**
 * Faults a server can inject:
 * - `refuse`: connection attempts fail (the client sees error, then close 1006).
 * - `delay-open`: the handshake completes `ms` later on the server's clock.
 * - `latency`: every frame, both ways, arrives `ms` later (order is kept).
 * - `ignore-close`: the server never acknowledges a client's close, so the
 *   client stays CLOSING until something terminates it.
 */
export type ServerFault = 'refuse' | 'delay-open' | 'latency' | 'ignore-close';
/** Faults that make sense on one established connection. */
export type ConnectionFault = 'latency' | 'ignore-close';

export interface FaultOptions {
  /**
   * The delay, for `delay-open` and `latency` (required for those).
   * @example server.fault('latency', { ms: 50 })
   */
  ms?: number;
  /**
   * How many connection attempts a `refuse` or `delay-open` fault applies to;
   * then it clears itself.
   * @default Infinity
   * @example server.fault('refuse', { times: 2 }) // the third attempt connects
   */
  times?: number;
}

interface ActiveFault {
  ms: number;
  remaining: number;
}

const SERVER_FAULTS: readonly string[] = ['refuse', 'delay-open', 'latency', 'ignore-close'];
const CONNECTION_FAULTS: readonly string[] = ['latency', 'ignore-close'];

/** The faults active on a server or on one connection. */
const FAULT_OPTION_KEYS = ['ms', 'times'];

/** Latency faults on, across every fault set of this module: while none is, a frame needs no latency lookup. */
let latencyFaults = 0;

/** Whether any server or connection has a latency fault on. */
export function anyLatencyFault(): boolean {
  return latencyFaults > 0;
}

export class FaultSet {
  readonly #allowed: readonly string[];
  readonly #where: string;
  // Made on the first fault: most servers and connections never have one.
  #active: Map<string, ActiveFault> | undefined;

  constructor(where: 'server' | 'connection') {
    this.#where = where;
    this.#allowed = where === 'server' ? SERVER_FAULTS : CONNECTION_FAULTS;
  }

  /** Turns a fault on (replacing the same fault's options); returns a function that turns it off. */
  set(name: unknown, given: unknown = {}): () => void {
    if (typeof name !== 'string' || !this.#allowed.includes(name)) {
      throw new MockSocketError(
        MockSocketErrorCode.INVALID_FAULT,
        `${this.#where}.fault(name) must be one of ${this.#allowed.map((n) => `'${n}'`).join(', ')}; received ${show(name)}`,
      );
    }
    const read = optionReader(`fault('${name}')`);
    const options: FaultOptions = read.object(given, FAULT_OPTION_KEYS) ?? {};
    const needsMs = name === 'latency' || name === 'delay-open';
    if (needsMs && options.ms === undefined) throw read.invalid('ms', 'a finite number >= 0', options.ms);
    const ms = read.ms('ms', options.ms) ?? 0;
    const times = read.count('times', options.times, 1, { infinity: true }) ?? Infinity;
    const fault: ActiveFault = { ms, remaining: times };
    const active = (this.#active ??= new Map());
    this.#delete(name);
    active.set(name, fault);
    if (name === 'latency') latencyFaults += 1;
    return () => {
      if (active.get(name) === fault) this.#delete(name);
    };
  }

  clear(): void {
    for (const name of [...(this.#active?.keys() ?? [])]) this.#delete(name);
  }

  #delete(name: string): void {
    if (this.#active?.delete(name) === true && name === 'latency') latencyFaults -= 1;
  }

  has(name: ServerFault): boolean {
    return this.#active?.has(name) ?? false;
  }

  /** The latency in ms, or undefined when no latency fault is on. */
  latency(): number | undefined {
    // Read for every frame sent: most servers never set a fault.
    return this.#active === undefined || this.#active.size === 0 ? undefined : this.#active.get('latency')?.ms;
  }

  /** Uses up one application of a per-attempt fault; returns its ms, or undefined when it is off. */
  take(name: 'refuse' | 'delay-open'): number | undefined {
    const fault = this.#active?.get(name);
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#delete(name);
    return fault.ms;
  }
}
