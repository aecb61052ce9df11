import { readFile } from 'node:fs/promises';
import { type SiteEnvironment, ValidationError, VENDOR_IDS, type VendorId } from '@omnihost/core';
import { z } from 'zod';
import type { Accounts } from '../accounts/accounts.js';
import { describeIssues } from '../util/zod-errors.js';

const ENVIRONMENTS = ['prod', 'staging', 'dev', 'other'] as const;

/** Which sites a step touches. Every given criterion must hold; none given: every site of every account. @public */
export interface SiteSelection {
  /** Account names (of the accounts file); default: every account. */
  readonly accounts?: readonly string[] | undefined;
  /** Only sites of these stages. */
  readonly environment?: SiteEnvironment | readonly SiteEnvironment[] | undefined;
  /** Only these site ids (the vendor's ids, as `omnihost sites list` prints them). */
  readonly siteIds?: readonly string[] | undefined;
  /** Only sites whose name matches this glob (`*` any run of characters, `?` one), case-insensitive. */
  readonly namePattern?: string | undefined;
}

/** A failure budget: a number of sites, or a percentage of the sites the step has reached. @public */
export type FailureBudget = { readonly count: number } | { readonly percent: number };

/** One wave: the step goes on until this percentage of its sites (cumulative) has been reached. @public */
export interface Wave {
  readonly percent: number;
}

interface StepBase {
  /** Shown in progress and reports; default `<action> <n>`. */
  readonly name?: string | undefined;
  readonly select?: SiteSelection | undefined;
  /**
   * Roll out in waves: `[{ percent: 5 }, { percent: 100 }]` reaches 5% of the sites, checks the failure
   * budget, then the rest. Default: one wave of 100%.
   */
  readonly waves?: readonly Wave[] | undefined;
  /** More failures than this after a wave stop the run (resumable). Default: no budget. */
  readonly maxFailures?: FailureBudget | undefined;
  /** How long one site's task may take, start to end. Default 30 minutes. */
  readonly timeoutMs?: number | undefined;
}

/** Back up every selected site. @public */
export interface BackupStep extends StepBase {
  readonly action: 'backup';
  /** Kept with the backup where the vendor keeps labels (`capabilities.backups.labels`). */
  readonly label?: string | undefined;
}

/** Deploy a ref to every selected site. @public */
export interface DeployStep extends StepBase {
  readonly action: 'deploy';
  /**
   * The git ref (`tags/2.4.0`), or per vendor or account name (the account wins) with an optional
   * `default`: `{ "default": "tags/2.4.0", "onapp": "ubuntu-24.04" }` (OnApp rebuilds from a template).
   */
  readonly ref: string | Readonly<Record<string, string>>;
  /** Kept with the deploy where the vendor keeps a message. */
  readonly message?: string | undefined;
  /**
   * Deploy where a deploy destroys data (`capabilities.deploys.destructive`: OnApp rebuilds the server,
   * wiping its disks). Default false: such sites are skipped, with the reason in the report.
   */
  readonly allowDestructive?: boolean | undefined;
  /**
   * Where one deploy updates a whole stack (`capabilities.deploys.scope === 'stack'`, Site Factory), deploy
   * even to a stack that also serves sites the step did not select. Default false: such stacks are skipped.
   */
  readonly allowStackWide?: boolean | undefined;
}

/** A step of a plan. @public */
export type PlanStep = BackupStep | DeployStep;

/** A fleet plan: steps run in order; a step begins when the one before it has finished for every site. @public */
export interface Plan {
  readonly name?: string | undefined;
  readonly steps: readonly PlanStep[];
}

const environmentSchema = z.enum(ENVIRONMENTS, { error: `must be one of ${ENVIRONMENTS.join(', ')}` });

const selectionSchema = z.strictObject({
  accounts: z.array(z.string().min(1)).min(1, 'name at least one account, or leave accounts out').optional(),
  environment: z
    .union([environmentSchema, z.array(environmentSchema).min(1)], {
      error: `must be one of ${ENVIRONMENTS.join(', ')}, or a list of them`,
    })
    .optional(),
  siteIds: z
    .array(z.union([z.string().min(1), z.number().int().transform(String)]))
    .min(1)
    .optional(),
  namePattern: z.string().min(1).max(200).optional(),
});

const percent = z
  .number({ error: 'must be a number from 0 (excluded) to 100' })
  .gt(0, 'must be more than 0')
  .max(100, 'must be at most 100');

/** `3`, `"10%"`, `{ "count": 3 }` or `{ "percent": 10 }`. */
const budgetSchema = z.union(
  [
    z
      .number()
      .int()
      .nonnegative()
      .transform((count) => ({ count })),
    z
      .string()
      .regex(/^\d+(\.\d+)?%$/, 'a percentage is written "10%"')
      .transform((text) => ({ percent: Number(text.slice(0, -1)) })),
    z.strictObject({ count: z.number().int().nonnegative() }),
    z.strictObject({ percent: z.number().min(0).max(100) }),
  ],
  { error: 'must be a count (3), a percentage ("10%"), { "count": 3 } or { "percent": 10 }' },
);

const wavesSchema = z
  .array(z.strictObject({ percent }))
  .min(1)
  .superRefine((waves, ctx) => {
    waves.forEach((wave, index) => {
      const previous = waves[index - 1];
      if (previous && wave.percent <= previous.percent) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'percent'],
          message: `waves are cumulative: must be more than the wave before (${previous.percent})`,
        });
      }
    });
    const last = waves[waves.length - 1];
    if (last && last.percent !== 100) {
      ctx.addIssue({
        code: 'custom',
        path: [waves.length - 1, 'percent'],
        message: 'the last wave must be 100, so every selected site is reached',
      });
    }
  });

const stepBase = {
  name: z.string().min(1).max(100).optional(),
  select: selectionSchema.optional(),
  waves: wavesSchema.optional(),
  maxFailures: budgetSchema.optional(),
  timeoutMs: z
    .number()
    .int()
    .positive()
    .max(24 * 3_600_000)
    .optional(),
};

const refSchema = z.union([
  z.string().min(1),
  z
    .record(z.string().min(1), z.string().min(1))
    .refine((refs) => Object.keys(refs).length > 0, 'give a ref, or refs by vendor or account'),
]);

const stepSchema = z.discriminatedUnion(
  'action',
  [
    z.strictObject({ ...stepBase, action: z.literal('backup'), label: z.string().min(1).max(100).optional() }),
    z.strictObject({
      ...stepBase,
      action: z.literal('deploy'),
      ref: refSchema,
      message: z.string().min(1).max(500).optional(),
      allowDestructive: z.boolean().optional(),
      allowStackWide: z.boolean().optional(),
    }),
  ],
  { error: 'action must be "backup" or "deploy"' },
);

const planSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1).max(200).optional(),
  steps: z.array(stepSchema).min(1, 'a plan needs at least one step'),
});

/**
 * Validates a plan. Errors point at the field (`steps[2].waves[1].percent: ...`); with `accounts`, account
 * names the plan selects must exist, and refs named by account or vendor must name one.
 * @throws ValidationError with one `fieldErrors` entry per field.
 * @public
 */
export function parsePlan(content: unknown, accounts?: Accounts, source = 'plan'): Plan {
  const result = planSchema.safeParse(content);
  if (!result.success) throw planError(source, describeIssues(result.error.issues));
  const plan = result.data as Plan;
  if (accounts) {
    const problems: string[] = [];
    plan.steps.forEach((step, index) => {
      step.select?.accounts?.forEach((name, at) => {
        if (!accounts.has(name)) {
          problems.push(
            `steps[${index}].select.accounts[${at}]: unknown account "${name}" (${accounts.source} names: ${accounts.list
              .map((account) => account.name)
              .join(', ')})`,
          );
        }
      });
      if (step.action === 'deploy' && typeof step.ref === 'object') {
        for (const key of Object.keys(step.ref)) {
          if (key !== 'default' && !accounts.has(key) && !(VENDOR_IDS as readonly string[]).includes(key)) {
            problems.push(`steps[${index}].ref.${key}: names neither a vendor nor an account`);
          }
        }
      }
    });
    if (problems.length > 0) throw planError(source, problems);
  }
  return plan;
}

/** Reads and validates a plan file (JSON). @throws ValidationError @public */
export async function planFromFile(path: string, accounts?: Accounts): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new ValidationError(`cannot read the plan ${path}: ${code === 'ENOENT' ? 'no such file' : String(code)}`, {
      fieldErrors: { plan: ['cannot be read'] },
    });
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`${path} is not valid JSON: ${(error as Error).message}`, {
      fieldErrors: { plan: ['invalid JSON'] },
    });
  }
  return parsePlan(content, accounts, path);
}

function planError(source: string, problems: readonly string[]): ValidationError {
  const fieldErrors: Record<string, string[]> = {};
  for (const problem of problems) {
    const colon = problem.indexOf(': ');
    const field = colon > 0 ? problem.slice(0, colon) : 'plan';
    const message = colon > 0 ? problem.slice(colon + 2) : problem;
    fieldErrors[field] = [...(fieldErrors[field] ?? []), message];
  }
  return new ValidationError(`${source}: ${problems.join('; ')}`, { fieldErrors });
}

/** The name a step is shown by. @public */
export function stepName(step: PlanStep, index: number): string {
  return step.name ?? `${step.action} ${index + 1}`;
}

/** The ref a deploy step gives an account: by account name, by vendor, or the default. @public */
export function refFor(step: DeployStep, account: { name: string; vendor: VendorId }): string | undefined {
  if (typeof step.ref === 'string') return step.ref;
  return step.ref[account.name] ?? step.ref[account.vendor] ?? step.ref.default;
}

/** The accounts a step selects, in the accounts file's order. @public */
export function accountsOfStep(step: PlanStep, accounts: readonly { name: string }[]): string[] {
  const wanted = step.select?.accounts;
  return accounts.map((account) => account.name).filter((name) => !wanted || wanted.includes(name));
}

/**
 * Where each wave ends, as a count of targets (cumulative), for `total` targets: `[{5}, {100}]` of 1,000 →
 * `[50, 1000]`. A wave reaches at least one target when there are any.
 * @public
 */
export function waveEnds(total: number, waves: readonly Wave[] | undefined): number[] {
  const list = waves && waves.length > 0 ? waves : [{ percent: 100 }];
  return list.map((wave) => (total === 0 ? 0 : Math.min(total, Math.max(1, Math.ceil((total * wave.percent) / 100)))));
}

/**
 * Whether `failed` failures among `reached` sites exceed the budget. A percentage is of the sites reached.
 * @public
 */
export function overBudget(budget: FailureBudget | undefined, failed: number, reached: number): boolean {
  if (!budget) return false;
  if ('count' in budget) return failed > budget.count;
  return reached > 0 && (failed / reached) * 100 > budget.percent;
}
