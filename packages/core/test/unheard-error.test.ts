import { EventEmitter } from 'node:events';
import { waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { createSessionStore, DeliveryUnconfirmedError, type Connection, type CoreErrorCode } from '../src';
import { useSessionFixture, type SessionFixture } from './support/session-fixture';
import { transports } from './support/transports';

const LIMIT = 64;
const retryAtOnce = { reconnect: { maxAttempts: 20, baseDelayMs: 10, maxDelayMs: 10 }, random: () => 0 };

/** Each code a connection reports through its `error` event, and how to provoke it with nobody listening. */
const cases: [CoreErrorCode, (fixture: SessionFixture) => Promise<Connection>][] = [
  [
    'ERR_WSI_CONNECTION_LOST',
    async (fixture) => {
      const c = fixture.connection({ reconnect: false });
      await withTimeout(c.connect(), 5000, 'connect');
      fixture.server.dropAll();
      return c;
    },
  ],
  [
    'ERR_WSI_LISTENER_FAILED',
    async (fixture) => {
      const c = fixture.connection();
      c.once('ready', () => {
        throw new Error('a ready listener failed');
      });
      await withTimeout(c.connect(), 5000, 'connect');
      return c;
    },
  ],
  [
    'ERR_WSI_MESSAGE_TOO_LARGE',
    async (fixture) => {
      const c = fixture.connection({ maxPayload: LIMIT });
      await withTimeout(c.connect(), 5000, 'connect');
      fixture.server.sendToAll('q'.repeat(LIMIT + 1));
      return c;
    },
  ],
  [
    'ERR_WSI_DELIVERY_UNCONFIRMED',
    async (fixture) => {
      const sessions = createSessionStore();
      await fixture.restart({ crashAfter: 1, accept: { sessions }, onCrash: () => sessions.clear() });
      const c = fixture.connection(retryAtOnce);
      await withTimeout(c.connect(), 5000, 'connect');
      c.send('a');
      c.send('b');
      return c;
    },
  ],
];

describe.each(transports)('an error event nobody listens to (%s)', (_name, transport) => {
  const fixture = useSessionFixture(transport);
  const warnings = new EventEmitter();
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(process, 'emitWarning').mockImplementation((warning) => void warnings.emit('warning', warning));
  });
  afterEach(() => warn.mockRestore());

  it.each(cases)(
    '%s becomes one process warning carrying the error, its code and the creating line; nothing is thrown',
    async (code, provoke) => {
      const warned = waitForEvent(warnings, 'warning', { timeoutMs: 5000 });
      const c = await provoke(fixture);
      const [warning] = (await warned) as [Error & { code?: string; detail?: string }];
      expect(warning).toBeInstanceOf(Error);
      expect(warning.code).toBe(code);
      expect(warning.detail).toContain(c.clientId);
      expect(warning.detail).toContain('unheard-error.test.ts');
      if (code === 'ERR_WSI_DELIVERY_UNCONFIRMED') expect(warning).toBeInstanceOf(DeliveryUnconfirmedError);
      expect(warn).toHaveBeenCalledTimes(1);
    },
  );

  it.each(cases)('%s goes to an error listener instead, and no warning is emitted', async (code, provoke) => {
    const errors = new EventEmitter();
    const heard = waitForEvent(errors, 'error', { timeoutMs: 5000 });
    const make = fixture.connection;
    // Every connection the case makes gets the listener before anything happens.
    const listening: SessionFixture = Object.create(fixture, {
      connection: {
        value: (options?: object) => {
          const made = make(options);
          made.on('error', (error) => errors.emit('error', error));
          return made;
        },
      },
    }) as SessionFixture;
    await provoke(listening);
    const [error] = (await heard) as [{ code: string }];
    expect(error.code).toBe(code);
    expect(warn).not.toHaveBeenCalled();
  });
});
