/**
 * `@omnihost/fleet`: run a plan (back up, deploy, in waves with a failure budget) over thousands of sites in
 * several vendor accounts — in-process with nothing installed, or durable and distributed on BullMQ + Redis
 * with one rate limit per account shared by every worker.
 * @packageDocumentation
 */

export {
  ACCOUNT_VARIABLE,
  ACCOUNTS_FILE_VARIABLE,
  type Account,
  type Accounts,
  accountsFromFile,
  accountsFromFileSync,
  DEFAULT_ACCOUNTS_FILE,
  type Environment,
  parseAccounts,
  providerConfigFor,
  resolveAccount,
  SECRET_FIELDS,
  secretValuesOf,
} from './accounts/accounts.js';
export {
  exitCodeForRun,
  FLEET_EXIT_CODES,
  type FleetCommandOptions,
  type FleetIo,
  fleetCommand,
  runFleetCli,
} from './cli/command.js';
export { type Dashboard, type DashboardOptions, startDashboard } from './cli/dashboard.js';
export type { OutputStream } from './cli/live.js';
export {
  type CrashPoint,
  crashPointsFromEnv,
  DEFAULT_TUNING,
  type EngineTuning,
  type FleetContext,
  type WorkerContext,
} from './engine/context.js';
export {
  advanceRun,
  atWaveBoundary,
  cancelRun,
  resumeRun,
  type StartRunOptions,
  startRun,
} from './engine/coordinator.js';
export { isRunId, newRunId } from './engine/ids.js';
export {
  type InProcessOptions,
  type InProcessResult,
  type ProviderSource,
  runPlanInProcess,
} from './engine/in-process.js';
export { type JobHandle, type JobStep, processJob } from './engine/job.js';
export type {
  AccountCounts,
  DiscoverJobData,
  FleetJob,
  FleetJobData,
  RunRecord,
  RunStatus,
  SiteJobData,
  SiteJobPhase,
  SiteOutcome,
  SiteResult,
  SkipKind,
  StepAction,
  StepCounts,
  Target,
} from './engine/model.js';
export {
  type ProgressSnapshot,
  ProgressTracker,
  SETTLED_STATUSES,
  type StepProgress,
} from './engine/progress.js';
export { MemoryRunStore, type RunPointer, type RunStore } from './engine/store.js';
export {
  accountsOfStep,
  type BackupStep,
  type DeployStep,
  type FailureBudget,
  overBudget,
  type Plan,
  type PlanStep,
  parsePlan,
  planFromFile,
  refFor,
  type SiteSelection,
  stepName,
  type Wave,
  waveEnds,
} from './plan/plan.js';
export { siteMatcher } from './plan/select.js';
export { redisTaskClaims } from './redis/claims.js';
export { connectRedis, displayRedisUrl, REDIS_URL_VARIABLE } from './redis/connection.js';
export {
  DEFAULT_FLEET_PREFIX,
  FLEET_QUEUE,
  type FleetWorker,
  fleetQueueName,
  RedisFleet,
  type RedisFleetOptions,
  startWorker,
  type WorkerOptions,
} from './redis/fleet.js';
export { RedisRateLimiter, type RedisRateLimiterOptions } from './redis/limiter.js';
export { RedisRunStore } from './redis/store.js';
