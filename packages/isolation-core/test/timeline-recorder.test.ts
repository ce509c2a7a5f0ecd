import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseTimelineLine, TIMELINE_DIR_ENV, type TimelineEvent } from '@ws-isolation/internal';
import { createRegistry } from '@ws-isolation/registry';
import { testInstance } from '@ws-isolation/test-utils';
import { TimelineRecorder } from '../src/timeline-recorder';

let dir: string;
let now = 0;
const clock = (): number => now;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'recorder-'));
  process.env[TIMELINE_DIR_ENV] = dir;
  now = 1000;
});
afterEach(() => {
  delete process.env[TIMELINE_DIR_ENV];
  rmSync(dir, { recursive: true, force: true });
});

function written(): TimelineEvent[] {
  return readFileSync(path.join(dir, `${process.pid}.jsonl`), 'utf8')
    .split('\n')
    .map(parseTimelineLine)
    .filter((event) => event !== undefined);
}

/** A tracked instance that announces its state changes as a core `Connection` does. */
class Stateful extends EventEmitter {
  readonly kind = 'connection';
  state = 'DISCONNECTED';
  constructor(readonly id: string) {
    super();
  }
  describe(): string {
    return `conn ${this.id} ${this.state}`;
  }
  move(to: string): void {
    const from = this.state;
    this.state = to;
    this.emit('state', { from, to });
  }
  close(): Promise<void> {
    this.move('CLOSING');
    return new Promise(() => undefined);
  }
  terminate(): void {
    this.move('DISCONNECTED');
  }
}

test('records nothing unless the runner asked', () => {
  delete process.env[TIMELINE_DIR_ENV];
  expect(TimelineRecorder.fromEnv('/p/a.test.ts', clock)).toBeUndefined();
});

test('records an instance from creation through its states to the end cleanup forced, with the test end and the leak', async () => {
  const registry = createRegistry();
  const recorder = TimelineRecorder.fromEnv('/p/a.test.ts', clock)!;
  const stop = recorder.watchRegistry(registry);
  recorder.testStart('leaves it open');
  now = 1001;
  const connection = new Stateful('c1');
  registry.track(connection);
  now = 1002;
  connection.move('CONNECTING');
  now = 1003;
  connection.move('READY');
  now = 1010;
  recorder.testEnd('leaves it open', 'pass');
  const done = recorder.cleanupStart('test', 1, 0);
  now = 1020;
  await registry.cleanupAll({ timeoutMs: 0 });
  done();
  recorder.leak('c1', 'test "leaves it open"', 'forced');
  stop();
  recorder.close();

  const events = written();
  expect(events.map((event) => event.type)).toEqual([
    'session',
    'test-start',
    'created',
    'state',
    'state',
    'test-end',
    'cleanup-start',
    'state',
    'state',
    'forced',
    'leak',
  ]);
  expect(events[2]).toMatchObject({ t: 1001, id: 'c1', kind: 'connection', state: 'DISCONNECTED', scope: 'default' });
  // The creating line is this file's, not the recorder's or the registry's.
  expect((events[2] as unknown as { stack: string }).stack.split('\n')[0]).toMatch(/timeline-recorder\.test\.ts/);
  expect(events.slice(3, 5)).toEqual([
    { type: 'state', t: 1002, id: 'c1', to: 'CONNECTING' },
    { type: 'state', t: 1003, id: 'c1', to: 'READY' },
  ]);
  expect(events.slice(7)).toEqual([
    { type: 'state', t: 1020, id: 'c1', to: 'CLOSING' },
    { type: 'state', t: 1020, id: 'c1', to: 'DISCONNECTED' },
    { type: 'forced', t: 1020, id: 'c1', byCleanup: true },
    { type: 'leak', t: 1020, id: 'c1', owner: 'test "leaves it open"', outcome: 'forced' },
  ]);
});

test('an instance the test closes ends closed, not by cleanup; one without state events still records its end', async () => {
  const registry = createRegistry();
  const recorder = TimelineRecorder.fromEnv('/p/a.test.ts', clock)!;
  recorder.watchRegistry(registry);
  const plain = testInstance('plain');
  const untrack = registry.track(plain);
  now = 1005;
  plain.state = 'CLOSED';
  untrack();
  const other = testInstance('other');
  registry.track(other);
  // A cleanup the test itself runs: its outcome events give the end.
  await registry.cleanupAll({ timeoutMs: 100 });
  recorder.close();
  const ends = written().filter((event) => event.type === 'closed' || event.type === 'state');
  expect(ends).toEqual([
    { type: 'state', t: 1005, id: plain.id, to: 'CLOSED' },
    { type: 'closed', t: 1005, id: plain.id, byCleanup: false },
    { type: 'state', t: 1005, id: other.id, to: 'CLOSED' },
    { type: 'closed', t: 1005, id: other.id, byCleanup: false },
  ]);
});
