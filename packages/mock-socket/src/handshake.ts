import { guarded } from './microtask';
import type { MockUpgradeRequest } from './upgrade-request';

/** What `verifyClient` gets, as in `ws`. */
export interface VerifyClientInfo {
  /** The `Origin` header, if the client sent one. */
  origin: string | undefined;
  /** True for a `wss:` connection. */
  secure: boolean;
  req: MockUpgradeRequest;
}

/** `ws`'s `verifyClient` callback form: `(verified, code?, message?, headers?)`. */
export type VerifyClientCallback = (
  verified: boolean,
  code?: number,
  message?: string,
  headers?: Record<string, string>,
) => void;

/**
 * `ws`'s `verifyClient` hook, in either form: `(info) => boolean`, or
 * `(info, done) => void` calling `done(verified, code?, message?, headers?)`
 * (told apart by the function's length, as `ws` does).
 */
export type VerifyClient =
  ((info: VerifyClientInfo) => boolean) | ((info: VerifyClientInfo, done: VerifyClientCallback) => void);

/** `ws`'s `handleProtocols` hook. */
export type HandleProtocols = (protocols: Set<string>, request: MockUpgradeRequest) => string | false;

/**
 * Runs `verifyClient` as `ws` does, then `accept()`, or `refuse(status)`
 * (401 unless the callback form names a code). A hook that throws refuses
 * the client and is reported, as an exception in a listener is.
 */
export function verifyClient(
  hook: unknown,
  info: VerifyClientInfo,
  accept: () => void,
  refuse: (status: number) => void,
): void {
  if (typeof hook !== 'function') return accept();
  if (hook.length === 2) {
    let answered = false;
    const done: VerifyClientCallback = (verified, code) => {
      if (answered) return;
      answered = true;
      if (verified) accept();
      else refuse(typeof code === 'number' ? code : 401);
    };
    let threw = true;
    guarded(() => {
      (hook as (info: VerifyClientInfo, done: VerifyClientCallback) => void)(info, done);
      threw = false;
    });
    if (threw && !answered) refuse(500);
    return;
  }
  let verified = false;
  guarded(() => {
    verified = Boolean((hook as (info: VerifyClientInfo) => boolean)(info));
  });
  if (verified) accept();
  else refuse(401);
}

/**
 * The subprotocol the server answers with, as `ws` picks it: the first
 * offered, or what `handleProtocols` returns (nothing for a falsy value).
 * The client judges the answer (it fails the connection on none, or on one
 * it never offered).
 */
export function chooseProtocol(hook: unknown, offered: readonly string[], request: MockUpgradeRequest): string {
  if (offered.length === 0) return '';
  if (typeof hook !== 'function') return offered[0] ?? '';
  const chosen: unknown = (hook as HandleProtocols)(new Set(offered), request);
  return chosen ? String(chosen) : '';
}
