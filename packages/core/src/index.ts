export { Connection } from './connection';
export type { ConnectionEvents, ReadyInfo, StateChange } from './connection';
export type {
  ConnectionOptions,
  ReconnectOptions,
  ThrottleLike,
  ThrottlePermit,
  WebSocketConstructor,
} from './options';
export type { CloseOptions, CloseReport } from './close-options';
export type { ReconnectingInfo } from './retry-cycle';
export type { HeartbeatOptions } from './heartbeat';
export type { Handshake, HandshakeContext, HandshakeResult } from './handshake';
export type { IncomingData } from './socket-driver';
export type { OutgoingData } from './send-queue';
export type { Clock } from '@ws-isolation/internal';
export { createClientId, isClientId, createSessionId } from './ids';
export { ConnectionState, transition, canTransition, CONNECTION_EVENTS, CONNECTION_STATES } from './state-machine';
export type { ConnectionEvent } from './state-machine';
export { CoreError, CoreErrorCode, DeliveryUnconfirmedError } from './errors';
export { acceptSession, POLICY_VIOLATION } from './accept-session';
export type { AcceptSessionOptions, AcceptedSession, ServerSocketLike } from './accept-session';
export { createSessionStore, getDefaultSessionStore, isSessionStore } from './session-store';
export type { SessionStore, SessionStoreOptions } from './session-store';
export { isSessionControlMessage } from './protocol';
export type {
  SessionHello,
  SessionWelcome,
  SessionPing,
  SessionPong,
  SessionAck,
  ResumedSession,
  SessionMessage,
} from './protocol';
export { backoffDelay } from './backoff';
export type { BackoffPolicy } from './backoff';
