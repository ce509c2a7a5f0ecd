import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { REGISTRY_KEY } from '@ws-isolation/registry';
import { testInstance, withTimeout } from '@ws-isolation/test-utils';
import WsIsolationEnvironmentDefault, { LeakError, WsIsolationEnvironment } from '../src';

// The environment built directly, fed the events Jest would send; the real
// thing (Jest loading it) is covered by isolation.test.ts.
function makeEnvironment(wsIsolation: unknown = {}): WsIsolationEnvironment {
  const config = {
    globalConfig: {},
    projectConfig: { testEnvironmentOptions: { wsIsolation }, globals: {}, fakeTimers: {} },
  } as unknown as JestEnvironmentConfig;
  const context = { console, docblockPragmas: {}, testPath: '/project/unit.test.js' } as unknown as EnvironmentContext;
  return new WsIsolationEnvironment(config, context);
}

const root = { name: 'ROOT_DESCRIBE_BLOCK', parent: undefined };
const makeTest = (name: string): Circus.TestEntry =>
  ({ name, parent: root, errors: [] }) as unknown as Circus.TestEntry;
const makeState = (): Circus.State => ({ unhandledErrors: [] }) as unknown as Circus.State;
const send = (env: WsIsolationEnvironment, event: object, state: Circus.State): Promise<void> =>
  withTimeout(
    Promise.resolve(env.handleTestEvent(event as Circus.Event, state)),
    5000,
    `handler for ${(event as { name: string }).name}`,
  );

let stderr: jest.SpiedFunction<typeof process.stderr.write>;
let environment: WsIsolationEnvironment | undefined;

beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(async () => {
  await environment?.teardown();
  environment = undefined;
  stderr.mockRestore();
});

it('is the default export too, as Jest requires', () => {
  expect(WsIsolationEnvironmentDefault).toBe(WsIsolationEnvironment);
});

it('installs its registry on the test global before any test code runs, in file scope', () => {
  environment = makeEnvironment();
  expect((environment.global as unknown as Record<symbol, unknown>)[REGISTRY_KEY]).toBe(environment.registry);
  expect(environment.registry.defaultScope).toBe('file');
});

it('refuses bad options with ERR_WSI_INVALID_OPTION', () => {
  expect(() => makeEnvironment({ cleanupTimeoutMs: -1 })).toThrow(
    expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }),
  );
});

it('refuses mockWebSocket, which only the jsdom environment has a page for', () => {
  expect(() => makeEnvironment({ mockWebSocket: true })).toThrow(
    expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }),
  );
});

it('scopes objects by event, fails the test that leaked, and reports what the file left at run_finish', async () => {
  environment = makeEnvironment();
  const { registry } = environment;
  const state = makeState();
  await send(environment, { name: 'setup' }, state);
  await send(environment, { name: 'hook_start', hook: { type: 'beforeAll' } }, state);
  const shared = testInstance('from beforeAll');
  registry.track(shared);
  const test = makeTest('leaks');
  await send(environment, { name: 'test_start', test }, state);
  await send(environment, { name: 'hook_start', hook: { type: 'beforeEach' } }, state);
  const leaked = testInstance('from the test');
  registry.track(leaked);
  await send(environment, { name: 'test_done', test }, state);

  expect(test.errors).toEqual([expect.objectContaining({ code: 'ERR_WSI_LEAK', instanceId: leaked.id })]);
  expect(test.errors[0]).toBeInstanceOf(LeakError);
  expect(registry.has(shared)).toBe(true);
  expect(registry.defaultScope).toBe('file');

  await send(environment, { name: 'run_finish' }, state);
  expect(state.unhandledErrors).toEqual([expect.objectContaining({ code: 'ERR_WSI_LEAK', instanceId: shared.id })]);
  expect(registry.size).toBe(0);
});

it("leaves a scope of the test's own choosing to the end of the file, then cleans it up too", async () => {
  environment = makeEnvironment();
  const state = makeState();
  const test = makeTest('custom scope');
  await send(environment, { name: 'test_start', test }, state);
  const custom = testInstance('custom');
  environment.registry.track(custom, { scope: 'custom' });
  await send(environment, { name: 'test_done', test }, state);
  expect(test.errors).toEqual([]);
  expect(environment.registry.has(custom)).toBe(true);
  await send(environment, { name: 'run_finish' }, state);
  expect(state.unhandledErrors).toEqual([expect.objectContaining({ code: 'ERR_WSI_LEAK', instanceId: custom.id })]);
  expect(custom.state).toBe('CLOSED');
});

it('goes back to file scope after a skipped test', async () => {
  environment = makeEnvironment();
  const state = makeState();
  const test = makeTest('skipped');
  await send(environment, { name: 'test_start', test }, state);
  expect(environment.registry.defaultScope).toBe('test');
  await send(environment, { name: 'test_skip', test }, state);
  expect(environment.registry.defaultScope).toBe('file');
});

it('never throws from a handler: a failure inside becomes an error on the file', async () => {
  environment = makeEnvironment();
  const state = makeState();
  const broken = { name: 'broken', parent: root } as unknown as Circus.TestEntry; // no errors array to push onto
  environment.registry.setDefaultScope('test');
  environment.registry.track(testInstance('leaked'));
  await expect(send(environment, { name: 'test_done', test: broken }, state)).resolves.toBeUndefined();
  expect(state.unhandledErrors).toEqual([expect.objectContaining({ code: 'ERR_WSI_ENVIRONMENT_INTERNAL' })]);
  expect(
    stderr.mock.calls
      .map(([line]) => String(line))
      .some((line) => line.startsWith('WARN: ws-isolation: the environment failed')),
  ).toBe(true);
});

it('does not throw even when the state it reports into is broken', async () => {
  environment = makeEnvironment();
  const broken = { name: 'broken', parent: root } as unknown as Circus.TestEntry;
  environment.registry.setDefaultScope('test');
  environment.registry.track(testInstance('leaked'));
  await expect(send(environment, { name: 'test_done', test: broken }, {} as Circus.State)).resolves.toBeUndefined();
  expect(
    stderr.mock.calls.some(([line]) => String(line).startsWith('WARN: ws-isolation: the environment failed')),
  ).toBe(true);
});

it('cleans up whatever is left at teardown, bounded, and prints it', async () => {
  const env = makeEnvironment({ cleanupTimeoutMs: 50 });
  const stuck = testInstance('never closes', 'never');
  env.registry.track(stuck);
  await withTimeout(env.teardown(), 5000, 'teardown');
  expect(stuck.terminated).toBe(true);
  const printed = stderr.mock.calls.map(([line]) => String(line)).join('');
  expect(printed).toContain('LeakError [ERR_WSI_LEAK]: the file (found at teardown) leaked test-instance');
});
