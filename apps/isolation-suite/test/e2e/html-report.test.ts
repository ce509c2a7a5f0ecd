import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeReports } from '@ws-isolation/isolation-runner';
import { chromium, type Browser } from 'playwright-core';
import { appDir, runApp, SIX_TESTS, survivors } from './run-app';

/** Debian's chromium: no browser can be downloaded here, and `.ci/run` installs this one when it is missing. */
const CHROMIUM = '/usr/bin/chromium';
/** Where CI keeps the screenshot (git-ignored). */
const ARTIFACTS = path.resolve(appDir, '..', '..', 'artifacts');
const fault = { WSI_TRANSPORT: 'ws', WSI_FAULT: 'ignore-close' };

let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    // Never skipped: a report nobody opened in a browser is not tested.
    throw new Error(
      `${CHROMIUM} is missing${process.env.CI === 'true' ? ' under CI' : ''}: install Debian's chromium ` +
        '(apt-get install -y chromium), as .ci/run does',
    );
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('the HTML report of the hang demo, in a real headless Chromium', () => {
  it('loads nothing but itself, lists every test, and draws each forced connection of test_parallel_connections', async () => {
    const report = await runApp({ env: fault });
    expect(survivors()).toEqual([]);
    const [file] = writeReports(report, { out: path.join(ARTIFACTS, 'hang-report'), formats: ['html'] });
    const url = pathToFileURL(file!).href;
    expect(fs.statSync(file!).size).toBeLessThan(1024 * 1024);

    const page = await browser.newPage({ viewport: { width: 1040, height: 900 } });
    const requests: string[] = [];
    const refused: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.route('**/*', async (route) => {
      if (route.request().url() === url) await route.continue();
      else {
        refused.push(route.request().url());
        await route.abort();
      }
    });
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });

    // No request leaves the page: the only one is the file itself.
    expect(requests).toEqual([url]);
    expect(refused).toEqual([]);

    // The table lists every test.
    const names = await page.locator('#results tbody tr td:first-child').allInnerTexts();
    expect(names.sort()).toEqual([...SIX_TESTS].sort());

    // The timeline of test_parallel_connections alone: a lane per forced connection.
    const run = page.locator('[data-test="test_parallel_connections"] section[data-run="isolated"]');
    const lanes = await run.locator('g.lane[data-kind="connection"]').evaluateAll((nodes) =>
      nodes.map((lane) => ({
        outcome: lane.getAttribute('data-outcome'),
        end: Number(lane.querySelector('[data-end]')?.getAttribute('data-at')),
        segments: [...lane.querySelectorAll('rect[data-state]')].map((segment) => ({
          state: segment.getAttribute('data-state'),
          from: Number(segment.getAttribute('data-from')),
          to: Number(segment.getAttribute('data-to')),
        })),
      })),
    );
    const forced = lanes.filter((lane) => lane.outcome === 'forced');
    expect(forced).toHaveLength(10);
    const testEnd = Number(await run.locator('[data-marker="test-end"]').getAttribute('data-at'));
    const cleanup = Number(await run.locator('[data-marker="cleanup-start"]').first().getAttribute('data-at'));
    for (const lane of forced) {
      const states = lane.segments.map((segment) => segment.state);
      // Connected and READY when the test ended, left open: READY lasts until cleanup starts closing it...
      const ready = lane.segments[states.indexOf('READY')]!;
      expect(states.slice(0, 4)).toEqual(['DISCONNECTED', 'CONNECTING', 'CONNECTED', 'READY']);
      expect(ready.to).toBeGreaterThanOrEqual(testEnd);
      expect(ready.to).toBeGreaterThanOrEqual(cleanup);
      // ...the server never acknowledges the close, so it stays CLOSING until cleanup forces it, which ends the lane.
      expect(states[states.indexOf('READY') + 1]).toBe('CLOSING');
      expect(lane.segments.at(-1)!.to).toBe(lane.end);
      expect(lane.end).toBeGreaterThan(ready.to);
    }

    // Keyboard: a lane takes focus, and Enter opens the row with its creating line.
    const lane = run.locator('g.lane[data-outcome="forced"]').first();
    await lane.focus();
    await page.keyboard.press('Enter');
    const row = run.locator('.instances tr.selected');
    await expect(row.innerText()).resolves.toMatch(/connections\.ts:\d+/);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('[data-test="test_parallel_connections"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'isolation-report.png'), fullPage: true });
    await page.close();
  });
});
