import type { ProgressEvent } from '../progress-event';
import type { TestRunResult } from '../types';

const MARK: Record<TestRunResult['status'], string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  hang: '⚠️ hang',
  'not-run': '⏭️ not run',
};

function stageLine(event: Extract<ProgressEvent, { type: 'stage' }>): string {
  const files =
    event.files === undefined
      ? ''
      : ` (${event.files} files${event.tests === undefined ? '' : `, ${event.tests} tests`})`;
  switch (event.stage) {
    case 'list':
      return `Listing the tests${files}…`;
    case 'isolated':
      return event.mode === 'process'
        ? `Running each test alone, a Jest process each${files}…`
        : `Running each test alone in warm Jest workers${files}…`;
    case 'confirm':
      return `Confirming what did not pass, each in a Jest process of its own${files}…`;
    case 'suite':
      return `Running the suite in band${files}…`;
    default:
      return `Bisecting order-dependent tests${files}…`;
  }
}

/** One progress line per event worth a line: `isolated ✅ pass  file › name (12 ms)`. */
export function progressLine(event: ProgressEvent): string | undefined {
  switch (event.type) {
    case 'listed':
      return `ws-isolation: ${event.tests} tests in ${event.files} files`;
    case 'stage':
      return stageLine(event);
    case 'result': {
      const { result } = event;
      const phase =
        result.phase === undefined ? '' : result.phase === 'after-results' ? ' after results' : ` in ${result.phase}`;
      const attempt = event.attempt > 1 ? ` [run ${event.attempt}]` : '';
      const time = Math.round(result.durationMs);
      return `  ${event.stage.padEnd(8)} ${MARK[result.status]}${phase}  ${event.file} › ${event.name} (${time} ms)${attempt}`;
    }
    case 'bisect-run':
      return `  bisect   ${event.name}: run ${event.run}, ${event.candidates} candidate tests`;
    case 'bisected':
      if (event.pollutedBy.length > 0)
        return `  bisect   ${event.name} is polluted by ${event.pollutedBy.join(', ')} (${event.runs} runs)`;
      if (event.dependsOn.length > 0)
        return `  bisect   ${event.name} depends on ${event.dependsOn.join(', ')} (${event.runs} runs)`;
      return `  bisect   ${event.name}: no earlier test found (${event.runs} runs)`;
    default:
      return undefined;
  }
}
