import type { TrackedInstance } from '../src';

let counter = 0;

export interface FakeInstance extends TrackedInstance {
  state: string;
  closeCalls: number;
  terminateCalls: number;
}

/** A tracked-instance double whose close behaviour each test chooses. */
export function fakeInstance(
  close: (self: FakeInstance) => Promise<void> | void = () => undefined,
  terminate?: (self: FakeInstance) => void,
): FakeInstance {
  counter += 1;
  const self: FakeInstance = {
    id: `fake-${counter}`,
    kind: 'fake',
    state: 'OPEN',
    closeCalls: 0,
    terminateCalls: 0,
    describe: () => `fake ${self.id} state=${self.state}`,
    close: () => {
      self.closeCalls += 1;
      return close(self);
    },
    terminate: () => {
      self.terminateCalls += 1;
      if (terminate) terminate(self);
      else self.state = 'TERMINATED';
    },
  };
  return self;
}

export const never = (): Promise<void> => new Promise<void>(() => undefined);
