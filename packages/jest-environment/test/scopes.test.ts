import type { Circus } from '@jest/types';
import { fullTestName, scopeAfterEvent } from '../src/scopes';

const event = (value: object): Circus.Event => value as Circus.Event;
const hook = (type: string): Circus.Event => event({ name: 'hook_start', hook: { type } });

describe('scopeAfterEvent', () => {
  it.each([
    [event({ name: 'test_start' }), 'test'],
    [event({ name: 'concurrent_tests_start' }), 'test'],
    [hook('beforeEach'), 'test'],
    [hook('afterEach'), 'test'],
    [hook('beforeAll'), 'file'],
    [hook('afterAll'), 'file'],
    [event({ name: 'test_done' }), 'file'],
    [event({ name: 'test_skip' }), 'file'],
    [event({ name: 'test_todo' }), 'file'],
    [event({ name: 'concurrent_tests_end' }), 'file'],
    [event({ name: 'run_finish' }), 'file'],
    [event({ name: 'test_fn_start' }), undefined],
    [event({ name: 'add_test' }), undefined],
  ])('%o → %s', (input, expected) => {
    expect(scopeAfterEvent(input)).toBe(expected);
  });
});

describe('fullTestName', () => {
  it('joins describe names and the test name, without the root block', () => {
    const root = { name: 'ROOT_DESCRIBE_BLOCK', parent: undefined };
    const outer = { name: 'outer', parent: root };
    const inner = { name: 'inner', parent: outer };
    expect(fullTestName({ name: 'does it', parent: inner } as unknown as Circus.TestEntry)).toBe('outer inner does it');
    expect(fullTestName({ name: 'top', parent: root } as unknown as Circus.TestEntry)).toBe('top');
  });
});
