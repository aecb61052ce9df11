/**
 * `@omnihost/sitefactory/testing`: a stateful Acquia Cloud Site Factory simulator on 127.0.0.1, for tests,
 * demos and users who test their automation without a factory.
 * @packageDocumentation
 */
export type { SiteFactoryExchange } from './recording-router.js';
export {
  type SiteFactorySimulator,
  type SiteFactorySimulatorConfig,
  type SiteFactorySimulatorOptions,
  startSiteFactorySimulator,
  type TaskKindFilter,
} from './simulator.js';
export type { ScriptedOutcome } from './wip-engine.js';
