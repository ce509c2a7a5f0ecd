import { WsIsolationJsdomEnvironment } from './jsdom-environment';

export { WsIsolationJsdomEnvironment };
export { WsIsolationJsdomEnvironment as TestEnvironment };

// eslint-disable-next-line no-restricted-syntax -- Jest loads a test environment from the module's default export.
export default WsIsolationJsdomEnvironment;
