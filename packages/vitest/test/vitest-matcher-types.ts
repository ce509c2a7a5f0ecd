// Type-checked only (by this package's typecheck): mock-socket's matchers on Vitest's `expect`, typed by
// the `Assertion` declaration merging of `@ws-isolation/mock-socket/vitest`.
import type { MockServer, MockServerSocket } from '@ws-isolation/mock-socket';
import { registerMatchers } from '@ws-isolation/mock-socket/vitest';
import { expect } from 'vitest';

registerMatchers(expect);

export async function useMatchers(server: MockServer, socket: MockServerSocket): Promise<void> {
  await expect(server).toReceiveMessage({ type: 'hello' });
  await expect(socket).toReceiveMessage('ping', { timeoutMs: 200 });
  await expect(server).not.toReceiveMessage('never', { timeoutMs: 10 });
  expect(server).toHaveReceivedMessages(['a', { type: 'b' }]);
  expect(socket).not.toHaveReceivedMessages([expect.any(String)]);
  // @ts-expect-error -- the options are `{ timeoutMs?: number }`
  await expect(server).toReceiveMessage('x', { timeout: 5 });
}
