import { join } from 'node:path';
import { formatMarkdown, runIsolation } from '../src';
import { FIXTURES } from './helpers';

delete process.env.NODE_PATH;

describe('a hook that closes a server while a client is still connected', () => {
  it('is a hang in the hook, with the connections that keep it waiting named', async () => {
    const report = await runIsolation({ cwd: join(FIXTURES, 'server-hook'), timeoutMs: 3000, bisect: false });
    const [test] = report.tests;
    expect(test).toMatchObject({ class: 'hang', isolated: { status: 'hang', phase: 'hook' } });
    const sockets = test!.isolated.openSockets ?? [];
    // Both ends of the one connection; the server stopped listening when close() was called.
    expect(sockets).toHaveLength(2);
    expect(sockets.every((socket) => /^connection 127\.0\.0\.1:\d+ → 127\.0\.0\.1:\d+$/.test(socket))).toBe(true);
    expect(formatMarkdown(report)).toContain('`connects a client` hangs in a hook alone with 2 connections still open');
  });
});
