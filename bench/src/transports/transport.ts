/**
 * The client side every library gives users: a WHATWG-style WebSocket. The
 * workloads drive it through `onX` properties, which all of them implement.
 */
export interface ClientSocket {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}

export const CLOSED = 3;

/** One library's server, started for one run, with an echo handler installed. */
export interface TransportServer {
  /** Opens a client to this server, the way the library's users do. */
  connect(): ClientSocket;
  /** Sends one message from the server to every connected client. */
  broadcast(data: string): void;
  /** The cleanup the library documents for the end of a test. */
  cleanup(): Promise<unknown> | unknown;
  /** Releases whatever the run left behind; not measured. */
  dispose(): Promise<void>;
}

export interface Transport {
  /** Starts a fresh server that echoes every message back to its sender. */
  start(): Promise<TransportServer>;
}

let serial = 0;

/** A URL no earlier run used, so a library's URL bookkeeping never collides. */
export function freshUrl(): string {
  serial += 1;
  return `ws://localhost:8080/bench-${process.pid}-${serial}`;
}
