export { runIsolation } from './run-isolation';
export type { IsolationMode, RunIsolationOptions } from './options';
export { DEFAULT_TIMEOUT_MS, DEFAULT_SUITE_TIMEOUT_MS, DEFAULT_TAIL_LINES } from './options';
export { writeReports, REPORT_FILES, REPORT_FORMATS } from './report/write-reports';
export type { ReportFormat, WriteReportsOptions } from './report/write-reports';
export { formatMarkdown } from './report/format-markdown';
export { mergeReports, readReport } from './report/merge-reports';
export { formatJson } from './report/write-reports';
export { formatJunit, escapeXml } from './report/format-junit';
export { formatHtml } from './report/format-html';
export { findCommonPatterns } from './report/common-patterns';
export type { CommonPattern } from './report/common-patterns';
export { runCli } from './cli/run-cli';
export type { CliIo } from './cli/run-cli';
export { parseCliArgs, USAGE } from './cli/cli-args';
export type { CliArgs } from './cli/cli-args';
export { IsolationError, IsolationErrorCode } from './errors';
export { exactNamePattern, escapeRegExp } from './stages/test-case';
export { minimizeFailingSet } from './stages/delta-debug';
export { VERSION } from './version';
export type { Clock } from './clock';
export type { ProgressEvent } from './progress-event';
export type {
  HangPhase,
  IsolationReport,
  ReportSummary,
  SuiteSummary,
  TestCase,
  TestClass,
  TestReport,
  TestRunResult,
  TestStatus,
  TestTimeline,
} from './types';
export type { TimelineEvent } from '@ws-isolation/internal';
