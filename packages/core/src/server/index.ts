export { acceptSession, POLICY_VIOLATION } from './accept-session';
export type { AcceptSessionOptions, AcceptedSession, ServerSocketLike } from './accept-session';
export { createSessionStore, getDefaultSessionStore, isSessionStore } from './session-store';
export type { SessionStore, SessionStoreOptions } from './session-store';
export { isSessionControlMessage } from '../protocol';
