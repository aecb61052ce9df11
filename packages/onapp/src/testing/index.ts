/**
 * `@omnihost/onapp/testing`: a simulated OnApp control panel for tests, demos and users' own automation.
 * @packageDocumentation
 */
export type {
  SimBackup,
  SimDisk,
  SimTemplate,
  SimTransaction,
  SimTransactionStatus,
  SimVirtualServer,
} from './records.js';
export { SIMULATED_ONAPP_VERSION, SIMULATED_ONAPP_VERSIONS } from './routes/catalog.js';
export type { ServerListPaging } from './routes/context.js';
export {
  type OnAppSimulator,
  type OnAppSimulatorConfig,
  type OnAppSimulatorOptions,
  startOnAppSimulator,
} from './simulator.js';
export type { XmlStyle } from './wire.js';
