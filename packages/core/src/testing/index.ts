/**
 * `@omnihost/core/testing`: the toolkit vendor simulators are built on. Shipped (not test-only) because
 * the simulators are a product feature: users test their automation against them.
 * @packageDocumentation
 */
export { type ManualClock, manualClock, type SimClock, systemClock } from './clock.js';
export {
  DEFAULT_RANDOM_FAULT_KINDS,
  FAULT_KINDS,
  type FaultKind,
  type FaultTuning,
  type RandomFaultOptions,
  type ScriptedFault,
  seededRandom,
} from './faults.js';
export {
  normalizeSimPath,
  type SimHandler,
  SimHttpError,
  type SimRequest,
  type SimResponse,
  SimRouter,
} from './router.js';
export type { SimRateLimitOptions } from './sim-rate-limit.js';
export {
  type SimServer,
  type SimServerOptions,
  type SimStats,
  type SimVendorResponses,
  startSimServer,
} from './sim-server.js';
export {
  type TaskGroup,
  TaskOutcomePolicy,
  type TaskOutcomePolicyOptions,
  type TaskTarget,
} from './task-outcomes.js';
export type { CommonSimulatorOptions, VendorSimulator } from './vendor-simulator.js';
