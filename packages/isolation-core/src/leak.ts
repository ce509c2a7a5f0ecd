import type { CleanupReport, RegistryEntry } from '@ws-isolation/registry';
import type { AllowedLeak } from './options';

/** Who leaked, for messages: `name` says who, `ended` says when it should have been closed by. */
export interface LeakOwner {
  /** e.g. `test "sends a message"` or `the file (module scope, beforeAll or afterAll)` */
  readonly name: string;
  /** e.g. `the test ended` */
  readonly ended: string;
}

/** How cleanup ended a leaked instance. */
export type LeakOutcome = 'closed' | 'forced' | 'failed';

/** Something a test (or the file) left open, and what cleanup did about it. */
export interface Leak {
  readonly entry: RegistryEntry;
  readonly outcome: LeakOutcome;
  /** What cleanup did, in words, e.g. `cleanup closed it`. */
  readonly detail: string;
  /** Why it is a leak, when not "it was still open when the owner ended", e.g. for late work. */
  readonly situation?: string;
}

/**
 * Turns a registry cleanup report into leaks: everything still tracked at the
 * end was leaked. `before` holds the entries read before cleanup began, so a
 * leak shows the label and state it had when the test ended, not after cleanup.
 */
export function leaksFromReport(
  report: CleanupReport,
  timeoutMs: number,
  before: readonly RegistryEntry[] = [],
): Leak[] {
  const atEnd = new Map(before.map((entry) => [entry.id, entry]));
  const asLeftOpen = (entry: RegistryEntry): RegistryEntry => {
    const earlier = atEnd.get(entry.id);
    return earlier === undefined ? entry : { ...entry, label: earlier.label, state: earlier.state };
  };
  return [
    ...report.closed.map((entry) => ({
      entry: asLeftOpen(entry),
      outcome: 'closed' as const,
      detail: 'cleanup closed it',
    })),
    ...report.forced.map((entry) => ({
      entry: asLeftOpen(entry),
      outcome: 'forced' as const,
      // Forced covers both: the registry's deadline passed, or the instance hit its own close deadline first.
      detail: `its close was not acknowledged within cleanupTimeoutMs (${timeoutMs} ms) or its own close deadline, so it was terminated (forced)`,
    })),
    ...report.failed.map((entry) => ({
      entry: asLeftOpen(entry),
      outcome: 'failed' as const,
      detail: `its close failed (${describeError(entry.error)}), so cleanup terminated it`,
    })),
  ];
}

/** Whether the user accepted this leak: every field an allow-list entry gives must match. */
export function isAllowed(leak: Leak, allowList: readonly AllowedLeak[]): boolean {
  return allowList.some(
    (allowed) =>
      (allowed.kind === undefined || allowed.kind === leak.entry.kind) &&
      (allowed.label === undefined || leak.entry.label.includes(allowed.label)),
  );
}

/** One line naming a leak: kind, id, label and state. */
export function describeLeak(leak: Leak): string {
  const { kind, id, label, state } = leak.entry;
  return `${kind} ${id} (${label}; state ${state})`;
}

function describeError(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}
