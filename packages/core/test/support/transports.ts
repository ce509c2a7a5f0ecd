import type { StartSessionServer } from './session-server';
import { startWsSessionServer } from './ws-session-server';

/** Every transport the shared connection tests run on. */
export const transports: [string, StartSessionServer][] = [['ws on 127.0.0.1', startWsSessionServer]];
