let counter = 0;

/**
 * The shape of the registry's `TrackedInstance`, written out: the registry's
 * own tests use these helpers, so this package cannot depend on it.
 */
export interface TestInstance {
  readonly id: string;
  readonly kind: string;
  state: string;
  terminated: boolean;
  describe(): string;
  close(): Promise<void>;
  terminate(): void;
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
