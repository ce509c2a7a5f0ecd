import type { RegistryEntry } from '@ws-isolation/registry';
import { EnvironmentError, EnvironmentErrorCode } from './errors';

/** The watchdog's report: a cleanup or handler ran past `teardownTimeoutMs`; lists what was still open. */
export class TeardownTimeoutError extends EnvironmentError {
  /** What was still open when the watchdog fired. */
  readonly open: readonly RegistryEntry[];

  constructor(what: string, timeoutMs: number, open: readonly RegistryEntry[]) {
    const list = open.length === 0 ? ' nothing was still tracked' : ` still open:\n${open.map(line).join('\n')}`;
    super(
      EnvironmentErrorCode.TEARDOWN_TIMEOUT,
      `${what} did not finish within teardownTimeoutMs (${timeoutMs} ms);${list}`,
    );
    this.name = 'TeardownTimeoutError';
    this.open = open;
    this.stack = `${this.name} [${this.code}]: ${this.message}`;
  }
}

function line(entry: RegistryEntry): string {
  const firstFrame = entry.stack.split('\n')[0]?.trim() ?? '';
  return `  - ${entry.kind} ${entry.id} (${entry.label}; state ${entry.state})${firstFrame === '' ? '' : ` created ${firstFrame}`}`;
}
