import { describeTarget, targetFromArgs } from '../src/socket-target';

describe('targetFromArgs', () => {
  it.each([
    ['options', [{ host: 'db.test', port: 5432 }], 'db.test:5432'],
    ["net.connect's normalized [options, cb]", [[{ host: 'db.test', port: 5432 }, null]], 'db.test:5432'],
    ['port and host', [4000, '127.0.0.1'], '127.0.0.1:4000'],
    ['a port as text', ['4000'], 'localhost:4000'],
    ['port alone (Node defaults to localhost)', [4000], 'localhost:4000'],
    ['TLS servername when no host', [{ servername: 'api.test', port: 443 }], 'api.test:443'],
    ['an IPv6 host', [{ host: '::1', port: 80 }], '[::1]:80'],
    ['an IPC path', ['/tmp/socket'], '/tmp/socket'],
    ['an options path', [{ path: '/tmp/socket' }], '/tmp/socket'],
    ['nothing usable', [undefined], '(target unknown)'],
  ])('%s', (_name, args, described) => {
    expect(describeTarget(targetFromArgs(args))).toBe(described);
  });
});
