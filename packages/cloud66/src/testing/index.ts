/**
 * `@omnihost/cloud66/testing`: a stateful simulator of Cloud 66 API v3 on 127.0.0.1, for tests, the demo,
 * and users who test their automation without a Cloud 66 account.
 * @packageDocumentation
 */

export type { BackLinkField } from './responses.js';
export {
  type Cloud66Simulator,
  type Cloud66SimulatorOptions,
  type IssueTokenOptions,
  startCloud66Simulator,
} from './simulator.js';
export type { RedeployAnswer } from './world.js';
