export { runIsolation } from './run-isolation';
export type { RunIsolationOptions } from './options';
export { DEFAULT_TIMEOUT_MS, DEFAULT_SUITE_TIMEOUT_MS, DEFAULT_TAIL_LINES } from './options';
export { writeReports, REPORT_FILES, REPORT_FORMATS } from './write-reports';
export type { ReportFormat, WriteReportsOptions } from './write-reports';
export { formatMarkdown } from './format-markdown';
export { formatJson } from './format-json';
export { formatJunit, escapeXml } from './format-junit';
export { findCommonPatterns } from './common-patterns';
export type { CommonPattern } from './common-patterns';
export { runCli } from './cli-main';
export type { CliIo } from './cli-main';
export { parseCliArgs, USAGE } from './cli-args';
export type { CliArgs } from './cli-args';
export { IsolationError, IsolationErrorCode } from './errors';
export { exactNamePattern, escapeRegExp } from './test-case';
export { minimizeFailingSet } from './delta-debug';
export { VERSION } from './version';
export type { Clock } from './clock';
export type { ProgressEvent } from './progress-event';
export type {
  HangPhase,
  IsolationReport,
  ReportSummary,
  SuiteSummary,
  TestCase,
  TestReport,
  TestRunResult,
  TestStatus,
} from './types';
