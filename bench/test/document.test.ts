import { renderDocument, type Run } from '../src/report/document';
import type { TargetOutcome } from '../src/targets';

const machine: Run['machine'] = {
  cpu: 'test CPU',
  cores: 2,
  memoryGiB: 8,
  node: 'v20.20.2',
  os: 'test OS',
  loadStart: 0.1,
  loadEnd: 0.1,
  loadMax: 0.1,
};

function render(targets: TargetOutcome[]): string {
  return renderDocument({
    date: '2026-12-06T00:00:00.000Z',
    command: 'pnpm bench',
    machine,
    durationMs: 1,
    results: [],
    targets,
  });
}

const openClose = (status: TargetOutcome['status'], detail: string): TargetOutcome => ({
  id: 'open-close-1k',
  target: 'open-close of 1,000 at least 2× faster than mock-socket',
  measured: '2.03× (mock-socket’s median time ÷ ours)',
  status,
  detail,
});

describe('renderDocument', () => {
  it('says why a narrowly met target may miss, beside saying that none is missed', () => {
    const page = render([openClose('met', 'above the bar by 1.6% only')]);
    expect(page).toContain('No measured target is missed.');
    expect(page).toContain(
      '**open-close of 1,000 at least 2× faster than mock-socket**: met narrowly (above the bar by 1.6% only).\nWhy:',
    );
    expect(page).toContain('creation stack (a leak report');
    expect(page).toContain('moves run to run by more than its margin to the bar: compare the min – max');
  });

  it('says of a missed target that its figure moves by more than the margin it misses by', () => {
    const page = render([openClose('missed', '1.84× where 2× is needed')]);
    expect(page).not.toContain('No measured target is missed.');
    expect(page).toContain(
      '**open-close of 1,000 at least 2× faster than mock-socket**: missed (1.84× where 2× is needed).',
    );
    expect(page).toContain('moves run to run by more than the margin it misses by: compare the min – max');
    expect(page).not.toContain('its margin to the bar');
  });

  it('gives no analysis for a target met by a wide margin', () => {
    const page = render([openClose('met', '')]);
    expect(page).toContain('No measured target is missed.');
    expect(page).not.toContain('met narrowly');
    expect(page).not.toContain('creation stack (a leak report');
  });
});
