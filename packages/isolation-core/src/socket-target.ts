/** The host and port (or path) a client asked to connect to, before any DNS lookup or connect happened. */
export interface SocketTarget {
  readonly host?: string;
  readonly port?: number | string;
  readonly path?: string;
}

/**
 * Reads the target from `connect()` arguments in any of Node's forms:
 * `(options[, cb])`, `(port[, host][, cb])`, `(path[, cb])`, or Node's
 * normalized `[options, cb]` array that `net.connect` passes on to `Socket#connect`.
 */
export function targetFromArgs(args: readonly unknown[]): SocketTarget | undefined {
  let first = args[0];
  if (Array.isArray(first)) first = first[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const host = typeof args[1] === 'string' ? args[1] : readHost(args[1]);
    return { port: first, ...(host === undefined ? {} : { host }) };
  }
  if (typeof first === 'string') return { path: first };
  if (first === null || typeof first !== 'object') return undefined;
  const options = first as Record<string, unknown>;
  if (typeof options.path === 'string') return { path: options.path };
  const port = options.port;
  const host = readHost(options);
  return {
    ...(typeof port === 'number' || typeof port === 'string' ? { port } : {}),
    ...(host === undefined ? {} : { host }),
  };
}

function readHost(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { host, servername } = value as Record<string, unknown>;
  if (typeof host === 'string' && host !== '') return host;
  return typeof servername === 'string' && servername !== '' ? servername : undefined;
}

/** `host:port` as asked for (Node's default host is localhost), or the IPC path. */
export function describeTarget(target: SocketTarget | undefined): string {
  if (target === undefined) return '(target unknown)';
  if (target.path !== undefined) return target.path;
  const host = target.host ?? 'localhost';
  return `${host.includes(':') ? `[${host}]` : host}:${target.port ?? '?'}`;
}
