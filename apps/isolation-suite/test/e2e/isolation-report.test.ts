import { runApp, SIX_TESTS, statuses } from './run-app';

describe.each(['mock', 'ws'])(
  'the six-test suite on the %s transport, under @ws-isolation/jest-environment',
  (transport) => {
    it('passes every test alone and in the suite, and the suite exits', async () => {
      const report = await runApp({ env: { WSI_TRANSPORT: transport } });
      expect(report.tests.map((t) => t.name)).toEqual(SIX_TESTS);
      expect(statuses(report)).toEqual(Object.fromEntries(SIX_TESTS.map((name) => [name, 'pass/pass'])));
      expect(report.suite.exitHang).toBe(false);
      expect(report.loadErrors).toEqual([]);
      expect(report.summary.ok).toBe(true);
    });
  },
);
