import fs from 'node:fs';

/** How many of this process's file descriptors are sockets (`/proc/self/fd` links to `socket:[…]`). */
export function countSocketFds(): number {
  let count = 0;
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) count += 1;
    } catch {
      // The descriptor closed while we read the directory (the listing's own one does).
    }
  }
  return count;
}
