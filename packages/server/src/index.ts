export { createCrmServer, jsonLogger, ARROW_TYPE, type CrmServer, type Logger } from './server.js';
export { loadConfig, configFrom, DEFAULTS, type ServerConfig, type DatasetConfig, type FileInput, type TableInput, type TokenConfig, type AuthConfig } from './config.js';
export { authenticator, mayRead, type Principal, type Authenticate } from './auth.js';
export { NativeEngine, type NativeSettings } from './native-engine.js';
export { loadDatasets, type ServedDataset } from './datasets.js';
