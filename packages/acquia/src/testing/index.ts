/**
 * `@omnihost/acquia/testing`: a stateful simulator of Acquia Cloud Platform API v2 on 127.0.0.1, for the
 * omnihost test suites and for users testing their own automation.
 * @packageDocumentation
 */
export type { SimTaskKind as AcquiaSimTaskKind } from './notifications.js';
export type { AcquiaSimulatorOptions } from './options.js';
export { type AcquiaSimulator, startAcquiaSimulator } from './simulator.js';
