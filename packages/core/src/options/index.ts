export type {
  ConnectionOptions,
  HeartbeatOptions,
  PermitLike,
  ReconnectOptions,
  ResolvedOptions,
  ThrottleLike,
  WebSocketConstructor,
} from './connection-options';
export { defaultWebSocket, resolveOptions } from './resolve-options';
export { readCloseOptions, readConnectOptions } from './call-options';
export type { CloseOptions, ConnectOptions } from './call-options';
