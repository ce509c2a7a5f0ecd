import type { ProgressEvent } from './progress-event';
import type { TestRunResult } from './types';

const MARK: Record<TestRunResult['status'], string> = {
  pass: '✅ pass',
  fail: '❌ fail',
  hang: '⚠️ hang',
  'not-run': '⏭️ not run',
};

/** One progress line per event worth a line: `isolated ✅ pass  file › name (12 ms)`. */
export function progressLine(event: ProgressEvent): string | undefined {
  switch (event.type) {
    case 'listed':
      return `ws-isolation: ${event.tests} tests in ${event.files} files`;
    case 'stage':
      return event.stage === 'isolated'
        ? 'Running each test alone…'
        : event.stage === 'suite'
          ? 'Running the suite in band…'
          : 'Bisecting order-dependent tests…';
    case 'result': {
      const { result } = event;
      const phase = result.phase ? ` in ${result.phase}` : '';
      const attempt = event.attempt > 1 ? ` [run ${event.attempt}]` : '';
      return `  ${event.stage.padEnd(8)} ${MARK[result.status]}${phase}  ${event.file} › ${event.name} (${Math.round(result.durationMs)} ms)${attempt}`;
    }
    case 'bisected':
      return event.pollutedBy.length > 0
        ? `  bisect   ${event.name} is polluted by ${event.pollutedBy.join(', ')} (${event.runs} runs)`
        : `  bisect   ${event.name}: polluter not found (${event.runs} runs)`;
    default:
      return undefined;
  }
}
