import type { TrackedInstance } from '@ws-isolation/registry';

let counter = 0;

export interface TestInstance extends TrackedInstance {
  state: string;
  terminated: boolean;
}

/** A tracked-instance double: `close` says how its close behaves. */
export function testInstance(name: string, close: 'now' | 'never' | 'reject' = 'now'): TestInstance {
  counter += 1;
  const self: TestInstance = {
    id: `inst-${counter}`,
    kind: 'test-instance',
    state: 'OPEN',
    terminated: false,
    describe: () => `${name} state=${self.state}`,
    close: () => {
      if (close === 'never') return new Promise<void>(() => undefined);
      if (close === 'reject') return Promise.reject(new Error(`${name} refused to close`));
      self.state = 'CLOSED';
      return Promise.resolve();
    },
    terminate: () => {
      self.state = 'TERMINATED';
      self.terminated = true;
    },
  };
  return self;
}
