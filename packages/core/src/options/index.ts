export type {
  ConnectionOptions,
  HeartbeatOptions,
  PermitLike,
  ReconnectOptions,
  ResolvedOptions,
  ThrottleLike,
  WebSocketConstructor,
} from './connection-options';
export {
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  DEFAULT_MAX_QUEUED_MESSAGES,
  DEFAULT_RECONNECT,
} from './connection-options';
export { defaultWebSocket, readUrl, resolveOptions } from './resolve-options';
export { readCloseOptions, readConnectOptions } from './call-options';
export type { CloseOptions, ConnectOptions } from './call-options';
