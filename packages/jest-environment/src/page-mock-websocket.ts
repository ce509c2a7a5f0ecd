import path from 'node:path';
import type vm from 'node:vm';
import { EnvironmentError, EnvironmentErrorCode } from '@ws-isolation/isolation-core';
import { requireInContext } from './require-in-context';

/** The package whose `MockWebSocket` becomes the page's `WebSocket` under `mockWebSocket: true`. */
const MOCK_SOCKET_PACKAGE = '@ws-isolation/mock-socket';

/**
 * Makes the page's `WebSocket` the project's own `MockWebSocket`, loaded
 * inside the page's context: it tracks itself in the registry on the page's
 * global and connects through the mock network there, which is where the
 * test's `MockServer`s listen. A project without the package fails the file.
 */
export function installPageMockWebSocket(page: { WebSocket?: unknown }, context: vm.Context, rootDir: string): void {
  let loaded: { MockWebSocket?: unknown };
  try {
    loaded = requireInContext(context, MOCK_SOCKET_PACKAGE, path.join(rootDir, 'package.json')) as typeof loaded;
  } catch (error) {
    throw new EnvironmentError(
      EnvironmentErrorCode.INVALID_OPTION,
      `testEnvironmentOptions.wsIsolation.mockWebSocket needs ${MOCK_SOCKET_PACKAGE} installed in the project (${rootDir}): ${String(error)}`,
      { cause: error },
    );
  }
  page.WebSocket = loaded.MockWebSocket;
}
