/**
 * A second process that finishes a wait another process began (issue 15): it is given an operation's JSON
 * (`operation.toJSON()`) as its argument and the provider config in `C66_RESUME_CONFIG` (an environment variable,
 * so the token never shows in a process list), resumes the operation and prints the deployment `wait()` resolved
 * to, as one JSON line. Run by operations.test.ts as `node --conditions=source --import tsx <this> <json>`.
 */
import { operationJsonSchema } from '@omnihost/core';
import { createCloud66Provider } from '../../src/index.js';

const json = operationJsonSchema.parse(JSON.parse(process.argv[2] ?? 'null'));
const config = JSON.parse(process.env.C66_RESUME_CONFIG ?? 'null');
const provider = createCloud66Provider(config);
const operation = await provider.operations.resume({ ...json, kind: 'deploys.deploy' });
const deployment = await operation.wait({ timeoutMs: 20_000, minIntervalMs: 25, maxIntervalMs: 100 });
process.stdout.write(`${JSON.stringify({ resumedTaskId: operation.task.id, deployment })}\n`);
