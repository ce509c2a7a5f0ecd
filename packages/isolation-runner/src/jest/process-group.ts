import { readdirSync, readFileSync } from 'node:fs';
import type { Clock } from '../clock';

/** Sends a signal to every process of a group; a group that is gone is fine. */
export function signalGroup(pgid: number | undefined, signal: NodeJS.Signals): void {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone, which is what we want.
  }
}

/** The live (not zombie) processes of a group, read from /proc; undefined where there is no /proc. */
export function groupMembers(pgid: number): number[] | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
  }
  return members;
}

/**
 * Whether any process of the group is still alive. On Linux /proc is read so
 * that zombies count as dead: in a container whose init never reaps, a killed
 * grandchild stays a zombie forever, but it runs nothing.
 */
function groupAlive(pgid: number): boolean {
  const members = groupMembers(pgid);
  if (members !== undefined) return members.length > 0;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once the group has no live process, or after `timeoutMs` (then it returns false). */
export function waitForGroupExit(pgid: number | undefined, clock: Clock, timeoutMs: number): Promise<boolean> {
  if (pgid === undefined) return Promise.resolve(true);
  const deadline = clock.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = (): void => {
      if (!groupAlive(pgid)) resolve(true);
      else if (clock.now() >= deadline) resolve(false);
      else clock.setTimeout(check, 20);
    };
    check();
  });
}
