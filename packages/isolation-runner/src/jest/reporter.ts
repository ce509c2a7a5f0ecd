import { closeSync, openSync, writeSync } from 'node:fs';
import { EVENTS_FILE_ENV, type CaseOutcome, type JestEvent } from './events';
import { watchRunner } from './runner-watch';

// Structural slices of Jest's reporter types: the runner must not depend on
// the user's Jest version for types, only for behaviour.
interface JestTest {
  path: string;
  context?: { config?: { testEnvironment?: string } };
}
interface JestAssertion {
  ancestorTitles: string[];
  title: string;
  fullName: string;
  status: string;
  duration?: number | null;
  failureMessages: string[];
}
interface JestFileResult {
  testFilePath: string;
  testResults: JestAssertion[];
  testExecError?: { message?: string; stack?: string } | null;
  failureMessage?: string | null;
}
interface JestCaseStart {
  ancestorTitles: string[];
  title: string;
  fullName: string;
}

function outcome(file: string, result: JestAssertion): CaseOutcome {
  return {
    file,
    ancestorTitles: result.ancestorTitles,
    title: result.title,
    fullName: result.fullName,
    status: result.status,
    durationMs: result.duration ?? null,
    failureMessages: result.failureMessages,
  };
}

/** The environment as the config names it: a package name, or a path shortened to what follows node_modules. */
export function environmentName(test: JestTest): string | undefined {
  const environment = test.context?.config?.testEnvironment;
  if (environment === undefined) return undefined;
  const parts = environment.split(/[\\/]node_modules[\\/]/);
  if (parts.length === 1) return environment;
  const inPackage = parts.at(-1)!.split(/[\\/]/);
  return (inPackage[0]!.startsWith('@') ? inPackage.slice(0, 2) : inPackage.slice(0, 1)).join('/');
}

/**
 * A Jest reporter that appends each event as one JSON line to the file named
 * by `WS_ISOLATION_EVENTS_FILE`, synchronously, the moment Jest reports it.
 * Jest's final JSON is only written when a run ends; a hung run never ends.
 */
class StreamingReporter {
  #fd: number | undefined;

  constructor() {
    const path = process.env[EVENTS_FILE_ENV];
    if (path) this.#fd = openSync(path, 'a');
    // Jest loads its reporters in its main process, the leader of the group the runner made for it.
    watchRunner();
  }

  onRunStart(): void {
    this.#write({ type: 'run-start', time: Date.now() });
  }

  onTestFileStart(test: JestTest): void {
    this.#write({ type: 'file-start', time: Date.now(), file: test.path, environment: environmentName(test) });
  }

  onTestCaseStart(test: JestTest, info: JestCaseStart): void {
    this.#write({
      type: 'case-start',
      time: Date.now(),
      file: test.path,
      ancestorTitles: info.ancestorTitles,
      title: info.title,
      fullName: info.fullName,
    });
  }

  onTestCaseResult(test: JestTest, result: JestAssertion): void {
    this.#write({ type: 'case-result', time: Date.now(), ...outcome(test.path, result) });
  }

  onTestFileResult(test: JestTest, result: JestFileResult): void {
    const execError = result.testExecError
      ? (result.failureMessage ??
        result.testExecError.stack ??
        result.testExecError.message ??
        'test file failed to run')
      : null;
    const cases = result.testResults.map((assertion) => outcome(test.path, assertion));
    this.#write({ type: 'file-result', time: Date.now(), file: test.path, execError, cases });
  }

  onRunComplete(): void {
    this.#write({ type: 'run-complete', time: Date.now() });
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  getLastError(): void {
    return undefined;
  }

  #write(event: JestEvent): void {
    if (this.#fd === undefined) return;
    writeSync(this.#fd, JSON.stringify(event) + '\n');
  }
}

// Jest loads a reporter module by path and wants the class as its default export.
// eslint-disable-next-line no-restricted-syntax
export default StreamingReporter;
