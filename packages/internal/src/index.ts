export { show, SHOW_MAX_LENGTH } from './show';
export { CodedError, hasErrorCode } from './coded-error';
export { fakeableClock, unfakeableClock } from './clock';
export type { Clock } from './clock';
export { OptionReader } from './option-reader';
export type { InvalidOptionError } from './option-reader';
export { closestName } from './closest-name';
export { captureStack, trimStack, DEFAULT_STACK_FRAMES } from './stack';
export type { CaptureStackOptions } from './stack';
export { ManualClock, flushMicrotasks } from './manual-clock';
export { DEFAULT_MAX_PAYLOAD } from './max-payload';
export {
  DEFAULT_TIMELINE_MAX_BYTES,
  parseTimelineLine,
  TIMELINE_DIR_ENV,
  TIMELINE_MAX_BYTES_ENV,
  TIMELINE_SCHEMA,
} from './timeline-event';
export type { TimelineEvent } from './timeline-event';
export { TimelineWriter } from './timeline-writer';
