export { Connection } from './connection';
export type { ConnectionEvents, ReadyInfo, StateChange } from './connection';
export type {
  CloseOptions,
  ConnectionOptions,
  ConnectOptions,
  HeartbeatOptions,
  PermitLike,
  ReconnectOptions,
  ThrottleLike,
  WebSocketConstructor,
} from './options';
export type { CloseReport } from './close-report';
export type { ReconnectingInfo } from './retry-cycle';
export type { Handshake, HandshakeContext, HandshakeResult } from './handshake';
export type {
  IncomingData,
  OutgoingData,
  SessionHello,
  SessionWelcome,
  SessionPing,
  SessionPong,
  SessionAck,
  ResumedSession,
  SessionMessage,
} from './messages';
export type { Clock } from '@ws-isolation/internal';
export { createClientId, isClientId, createSessionId } from './ids';
export { ConnectionState, transition, canTransition, CONNECTION_EVENTS, CONNECTION_STATES } from './state-machine';
export type { ConnectionEvent } from './state-machine';
export { CoreError, CoreErrorCode, DeliveryUnconfirmedError } from './errors';
export {
  acceptSession,
  POLICY_VIOLATION,
  createSessionStore,
  getDefaultSessionStore,
  isSessionStore,
  isSessionControlMessage,
} from './server';
export type {
  AcceptSessionOptions,
  AcceptedSession,
  ServerSocketLike,
  SessionStore,
  SessionStoreOptions,
} from './server';
export { backoffDelay } from './backoff';
export type { BackoffPolicy } from './backoff';
