import type { TransportId } from '../plan';
import { jestWebsocketMockTransport } from './jest-websocket-mock';
import { mockSocketTransport } from './mock-socket';
import { mswInterceptorsTransport } from './mswjs-interceptors';
import { oursTransport } from './ours';
import type { Transport } from './transport';
import { wsTransport } from './ws';

export function loadTransport(id: TransportId): Promise<Transport> {
  switch (id) {
    case 'ours':
      return oursTransport();
    case 'mock-socket':
      return mockSocketTransport('stop');
    case 'mock-socket:close':
      return mockSocketTransport('close');
    case 'jest-websocket-mock':
      return jestWebsocketMockTransport();
    case 'mswjs-interceptors':
      return mswInterceptorsTransport();
    case 'ws':
      return wsTransport();
  }
}
