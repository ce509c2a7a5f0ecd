import { EnvironmentError, EnvironmentErrorCode } from './errors';
import { describeLeak, type Leak, type LeakOutcome, type LeakOwner } from './leak';

/**
 * The error that fails a test which leaked something. Its stack is the
 * creation stack of what leaked, so Jest's code frame shows the line that
 * created it.
 */
export class LeakError extends EnvironmentError {
  readonly kind: string;
  readonly instanceId: string;
  readonly label: string;
  readonly outcome: LeakOutcome;

  constructor(leak: Leak, owner: LeakOwner) {
    super(
      EnvironmentErrorCode.LEAK,
      `${owner.name} leaked ${describeLeak(leak)}: ${leak.situation ?? `it was still open when ${owner.ended}`}; ${leak.detail}.`,
    );
    this.name = 'LeakError';
    this.kind = leak.entry.kind;
    this.instanceId = leak.entry.id;
    this.label = leak.entry.label;
    this.outcome = leak.outcome;
    this.stack = withFrames(this, leak.entry.stack);
  }
}

/** `Name [CODE]: message` (Node's own style) over the given `at …` frames. */
function withFrames(error: EnvironmentError, frames: string): string {
  const body = frames.trim() === '' ? '    at <creation stack not recorded>' : frames;
  return `${error.name} [${error.code}]: ${error.message}\n${body}`;
}
