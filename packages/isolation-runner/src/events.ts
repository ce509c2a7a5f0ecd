/** Where the streaming reporter writes its events; set in the Jest child's environment. */
export const EVENTS_FILE_ENV = 'WS_ISOLATION_EVENTS_FILE';
/** A JSON file with the absolute test paths in the order the sequencer must run them. */
export const ORDER_FILE_ENV = 'WS_ISOLATION_ORDER_FILE';

/** A test's result as the reporter writes it (Jest's status names). */
export interface CaseOutcome {
  file: string;
  ancestorTitles: string[];
  title: string;
  fullName: string;
  /** Jest's status: `passed`, `failed`, `pending`, `skipped`, `todo`, `disabled`, `focused`. */
  status: string;
  durationMs: number | null;
  failureMessages: string[];
}

/**
 * One line of the reporter's stream. Written synchronously as each happens,
 * so a run that is killed later still leaves everything up to its hang.
 */
export type JestEvent =
  | { type: 'run-start'; time: number }
  | { type: 'file-start'; time: number; file: string }
  | { type: 'case-start'; time: number; file: string; ancestorTitles: string[]; title: string; fullName: string }
  | ({ type: 'case-result'; time: number } & CaseOutcome)
  | { type: 'file-result'; time: number; file: string; execError: string | null; cases: CaseOutcome[] }
  | { type: 'run-complete'; time: number };

/** Parses the complete lines of a stream; a torn last line (killed mid-write) is left out. */
export function parseEvents(text: string): JestEvent[] {
  const events: JestEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      events.push(JSON.parse(line) as JestEvent);
    } catch {
      // Only the last line can be torn, by a kill in the middle of a write.
    }
  }
  return events;
}
