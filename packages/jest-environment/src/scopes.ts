import type { Circus } from '@jest/types';
import { FILE_SCOPE, TEST_SCOPE, type IsolationScope } from '@ws-isolation/isolation-core';

/**
 * The scope that new objects belong to after a Jest event, or undefined when
 * the event does not change it. `hook_start` tells a beforeAll (file) from a
 * beforeEach (test).
 */
export function scopeAfterEvent(event: Circus.Event): IsolationScope | undefined {
  switch (event.name) {
    case 'test_start':
    case 'concurrent_tests_start':
      return TEST_SCOPE;
    case 'hook_start':
      return event.hook.type === 'beforeAll' || event.hook.type === 'afterAll' ? FILE_SCOPE : TEST_SCOPE;
    case 'test_skip':
    case 'test_todo':
    case 'test_done':
    case 'concurrent_tests_end':
    case 'run_describe_start':
    case 'run_finish':
      return FILE_SCOPE;
    default:
      return undefined;
  }
}

/** A test's full name, describe blocks first, as Jest prints it. */
export function fullTestName(test: Circus.TestEntry): string {
  const names: string[] = [test.name];
  for (let block = test.parent; block !== undefined && block.parent !== undefined; block = block.parent)
    names.unshift(block.name);
  return names.join(' ');
}
