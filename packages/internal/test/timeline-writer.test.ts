import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  parseTimelineLine,
  TIMELINE_DIR_ENV,
  TIMELINE_MAX_BYTES_ENV,
  TIMELINE_SCHEMA,
  TimelineWriter,
  type TimelineEvent,
} from '../src';

let dir: string;
let now = 1000;
const clock = (): number => now;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'timeline-'));
  now = 1000;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function lines(): TimelineEvent[] {
  const text = readFileSync(path.join(dir, `${process.pid}.jsonl`), 'utf8');
  return text
    .split('\n')
    .map(parseTimelineLine)
    .filter((event) => event !== undefined);
}

test('writes nothing when the runner did not ask', () => {
  expect(TimelineWriter.fromEnv('/a.test.ts', clock, {})).toBeUndefined();
  expect(readdirSync(dir)).toEqual([]);
});

test('writes a session line, then each event as a line of its own, to <pid>.jsonl', () => {
  const writer = TimelineWriter.fromEnv('/a.test.ts', clock, { [TIMELINE_DIR_ENV]: dir })!;
  writer.write({ type: 'test-start', t: 1001, test: 'a' });
  writer.write({ type: 'state', t: 1002, id: 'c1', to: 'READY' });
  writer.close();
  writer.write({ type: 'test-end', t: 1003, test: 'a', status: 'pass' });
  expect(lines()).toEqual([
    { type: 'session', t: 1000, schema: TIMELINE_SCHEMA, pid: process.pid, ppid: process.ppid, file: '/a.test.ts' },
    { type: 'test-start', t: 1001, test: 'a' },
    { type: 'state', t: 1002, id: 'c1', to: 'READY' },
  ]);
});

test('at the bound, marks the file truncated, drops the rest and notes what it dropped at close', () => {
  const env = { [TIMELINE_DIR_ENV]: dir, [TIMELINE_MAX_BYTES_ENV]: '400' };
  const first = TimelineWriter.fromEnv('/a.test.ts', clock, env)!;
  for (let i = 0; i < 20; i += 1) first.write({ type: 'state', t: 1000 + i, id: `c${i}`, to: 'READY' });
  first.write({ type: 'test-end', t: 2000, test: 'a', status: 'pass' });
  now = 3000;
  first.close();
  // The next test file of the same process finds the file full: everything of it is dropped, and counted.
  const second = TimelineWriter.fromEnv('/b.test.ts', clock, env)!;
  second.write({ type: 'test-start', t: 3001, test: 'b' });
  second.close();

  const events = lines();
  const kept = events.filter((event) => event.type === 'state');
  expect(kept.length).toBeGreaterThan(0);
  expect(kept.length).toBeLessThan(20);
  const truncated = events.filter((event) => event.type === 'truncated');
  expect(truncated).toEqual([{ type: 'truncated', t: 1000 + kept.length, maxBytes: 400 }]);
  expect(events.filter((event) => event.type === 'dropped')).toEqual([
    {
      type: 'dropped',
      t: 3000,
      file: '/a.test.ts',
      count: 20 - kept.length + 1,
      types: { state: 20 - kept.length, 'test-end': 1 },
    },
    { type: 'dropped', t: 3000, file: '/b.test.ts', count: 2, types: { session: 1, 'test-start': 1 } },
  ]);
  const bytesBeforeMarker = readFileSync(path.join(dir, `${process.pid}.jsonl`), 'utf8').split(
    '{"type":"truncated"',
  )[0]!;
  expect(Buffer.byteLength(bytesBeforeMarker)).toBeLessThanOrEqual(400);
});

test('a line that is not an event of the schema is skipped', () => {
  expect(parseTimelineLine('{"type":"state","t":1,"id":"a","to":"READY"')).toBeUndefined();
  expect(parseTimelineLine('{"type":"teleport","t":1}')).toBeUndefined();
  expect(parseTimelineLine('{"type":"state","id":"a"}')).toBeUndefined();
  expect(parseTimelineLine('null')).toBeUndefined();
  expect(parseTimelineLine('')).toBeUndefined();
  expect(parseTimelineLine('{"type":"leak","t":5,"id":"a","owner":"test \\"x\\"","outcome":"forced"}')).toEqual({
    type: 'leak',
    t: 5,
    id: 'a',
    owner: 'test "x"',
    outcome: 'forced',
  });
});

test('a directory that cannot be created gives no writer, and no error', () => {
  const file = path.join(dir, 'a-file');
  writeFileSync(file, '');
  expect(TimelineWriter.fromEnv('/a.test.ts', clock, { [TIMELINE_DIR_ENV]: path.join(file, 'sub') })).toBeUndefined();
});
