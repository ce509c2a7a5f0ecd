import { runApp, SIX_TESTS, statuses, survivors } from './run-app';

// The original hang: parallel connections left to teardown, against a server
// that never acknowledges close (WSI_FAULT=ignore-close), on real sockets.
const fault = { WSI_TRANSPORT: 'ws', WSI_FAULT: 'ignore-close', WSI_LOG: 'debug' };

describe('the fault switch WSI_FAULT=ignore-close', () => {
  it('under plain jest-environment-node: test_parallel_connections keeps Jest alive after its results, alone and in the suite', async () => {
    const report = await runApp({ config: 'jest.node.config.cjs', env: fault, timeoutMs: 6000 });
    const parallel = report.tests.find((t) => t.name === 'test_parallel_connections')!;
    // Its results are in, then the sockets it left open keep Jest from exiting.
    expect(parallel.isolated).toMatchObject({ status: 'hang', phase: 'after-results' });
    // In the suite every test finishes, then Jest never exits: the open sockets hold it.
    expect(report.suite.exitHang).toBe(true);
    expect(report.suite.exitHangTests).toEqual(['test_parallel_connections']);
    const others = SIX_TESTS.filter((name) => name !== 'test_parallel_connections');
    for (const name of others) expect(statuses(report)[name]).toMatch(/^pass\//);
    expect(report.summary.ok).toBe(false);
    // The hung Jest processes were killed with everything they started.
    expect(survivors()).toEqual([]);
  });

  it('under @ws-isolation/jest-environment: teardown is bounded, and the forced instances are named', async () => {
    const report = await runApp({ env: fault, timeoutMs: 20_000 });
    const parallel = report.tests.find((t) => t.name === 'test_parallel_connections')!;
    // The leak fails the test that leaked, and nothing hangs.
    expect(parallel.isolated.status).toBe('fail');
    expect(parallel.suite.status).toBe('fail');
    const message = (parallel.isolated.log ?? []).join('\n');
    expect(message).toMatch(/connection/);
    expect(message).toMatch(/forced/i);
    expect(message).toMatch(/websocket-multiple-connections\.test\.ts|connections\.ts/);
    expect(report.suite.exitHang).toBe(false);
    expect(report.tests.every((t) => t.isolated.status !== 'hang' && t.suite.status !== 'hang')).toBe(true);
    for (const name of SIX_TESTS.filter((n) => n !== 'test_parallel_connections'))
      expect(statuses(report)[name]).toBe('pass/pass');
    expect(survivors()).toEqual([]);
  });
});
