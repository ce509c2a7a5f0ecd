import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { IsolationError, IsolationErrorCode } from '../errors';
import { formatHtml } from './format-html';
import { formatJunit } from './format-junit';
import { formatMarkdown } from './format-markdown';
import { show } from '@ws-isolation/internal';
import type { IsolationReport } from '../types';

/** The report as isolation-results.json: the `IsolationReport` object, two-space indented. */
export function formatJson(report: IsolationReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

export type ReportFormat = 'md' | 'json' | 'junit' | 'html';

export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'json', 'junit', 'html'];

/** The file each format is written to. */
export const REPORT_FILES: Record<ReportFormat, string> = {
  md: 'isolation-results.md',
  json: 'isolation-results.json',
  junit: 'junit.xml',
  html: 'isolation-results.html',
};

const FORMATTERS: Record<ReportFormat, (report: IsolationReport) => string> = {
  md: formatMarkdown,
  json: formatJson,
  junit: formatJunit,
  html: formatHtml,
};

export interface WriteReportsOptions {
  /** The directory; created if missing. */
  out: string;
  /**
   * Which files to write.
   * @default ['md', 'json', 'junit', 'html']
   */
  formats?: readonly ReportFormat[];
}

/**
 * Writes the report files and returns their paths.
 *
 * @example
 * writeReports(report, { out: 'reports', formats: ['json'] });
 */
export function writeReports(report: IsolationReport, options: WriteReportsOptions): string[] {
  const formats = options.formats ?? REPORT_FORMATS;
  if (typeof options.out !== 'string' || options.out === '') {
    throw new IsolationError(
      IsolationErrorCode.INVALID_OPTION,
      `out must be a non-empty string; received ${show(options.out)}`,
    );
  }
  for (const format of formats) {
    if (!REPORT_FORMATS.includes(format)) {
      throw new IsolationError(
        IsolationErrorCode.INVALID_OPTION,
        `formats must contain only ${REPORT_FORMATS.join(', ')}; received ${show(format)}`,
      );
    }
  }
  const dir = resolve(options.out);
  mkdirSync(dir, { recursive: true });
  return formats.map((format) => {
    const path = join(dir, REPORT_FILES[format]);
    writeFileSync(path, FORMATTERS[format](report));
    return path;
  });
}
