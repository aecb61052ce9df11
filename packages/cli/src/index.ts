/**
 * `@omnihost/cli`: the `omnihost` command, and its pieces for programs that want them — run the CLI
 * in-process, reuse its exit-code table, start a vendor simulator by name, or run the release-night demo.
 * @packageDocumentation
 */

export { backupsCommand } from './commands/backups.js';
export { demoCommand } from './commands/demo.js';
export { deployCommand } from './commands/deploy.js';
export { deploysCommand } from './commands/deploys.js';
export { operationsCommand } from './commands/operations.js';
export { envFor, type SimulatorAnnouncement, simulateCommand } from './commands/simulate.js';
export { sitesCommand } from './commands/sites.js';
export { tasksCommand } from './commands/tasks.js';
export { CONNECTION_FLAGS, type ConnectionFlag } from './config/connection-flags.js';
export { type Environment, resolveConfig, secretValues } from './config/resolve-config.js';
export { type CliIo, CommandContext, canAnimate, type GlobalOptions, type OutputStream } from './context.js';
export {
  DEMO_PLANS,
  type DemoPlan,
  type DemoSimulator,
  describePlan,
  startDemoSimulators,
} from './demo/demo-simulators.js';
export {
  type JobKind,
  type ReleaseEvent,
  type ReleaseFailure,
  type ReleaseNightOptions,
  type ReleaseReport,
  runReleaseFleet,
  runReleaseNight,
} from './demo/release-night.js';
export { type RenderOptions, renderReleaseReport } from './demo/render-report.js';
export { checkAgainstPlan, type DemoCheck, type DemoOptions, type DemoResult, runDemo } from './demo/run-demo.js';
export { EXIT_CODES, exitCodeFor, GENERAL_EXIT_CODES } from './errors/exit-codes.js';
export { buildErrorReport, type ErrorReport, formatErrorText } from './errors/format-error.js';
export type { SuggestionContext } from './errors/next-steps.js';
export { describeTask, withProgress } from './output/progress.js';
export { jsonLine, toJsonValue } from './output/serialize.js';
export { backupsTable, deploymentsTable, recordTable, sitesTable, type TableStyle } from './output/tables.js';
export { createProgram, runCli } from './program.js';
export { type SimulatorOptions, type SimulatorStarter, startSimulator } from './simulators/start-simulator.js';
