import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { groupMembers } from './process-group';

/** TCP states in /proc/net/tcp that keep a peer waiting: a connection, or a server. */
const STATES: Record<string, string> = { '01': 'connection', '0A': 'listening server' };

/**
 * The TCP sockets the processes of a group hold open, read from /proc (Linux;
 * elsewhere nothing): what keeps a hook that closes a server waiting, named by
 * address. Read just before a hung process is killed.
 */
export function openSockets(pgid: number | undefined): string[] {
  if (pgid === undefined) return [];
  try {
    const inodes = new Set<string>();
    for (const pid of groupMembers(pgid) ?? []) {
      for (const fd of safeList(`/proc/${pid}/fd`)) {
        const target = safeLink(`/proc/${pid}/fd/${fd}`);
        const match = target === undefined ? null : /^socket:\[(\d+)\]$/.exec(target);
        if (match) inodes.add(match[1]!);
      }
    }
    if (inodes.size === 0) return [];
    const sockets: string[] = [];
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of safeRead(table).split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        const [local, remote, state, inode] = [fields[1], fields[2], fields[3], fields[9]];
        if (local === undefined || remote === undefined || inode === undefined || !inodes.has(inode)) continue;
        const kind = STATES[state ?? ''];
        if (kind === 'connection') sockets.push(`connection ${address(local)} → ${address(remote)}`);
        else if (kind !== undefined) sockets.push(`${kind} on ${address(local)}`);
      }
    }
    return sockets.sort();
  } catch {
    return [];
  }
}

/** `0100007F:1F90` → `127.0.0.1:8080`; IPv6 (32 hex digits) as an IPv4-mapped address when it is one. */
function address(hex: string): string {
  const [ip = '', port = '0'] = hex.split(':');
  const portNumber = parseInt(port, 16);
  const v4 =
    ip.length === 8 ? ip : ip.length === 32 && ip.startsWith('0000000000000000FFFF0000') ? ip.slice(24) : undefined;
  if (v4 === undefined) return `[${ip.toLowerCase()}]:${portNumber}`;
  const bytes = [6, 4, 2, 0].map((at) => parseInt(v4.slice(at, at + 2), 16));
  return `${bytes.join('.')}:${portNumber}`;
}

function safeList(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

function safeLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
