import type { DeployScope } from './deployment.js';
import type { ReconcileMatch, StartKind } from './intent.js';

/**
 * What a provider can do, as a literal object per vendor (`as const satisfies Capabilities`), so code
 * can branch on it before calling, and TypeScript narrows on it for a known vendor. Calling what a
 * vendor cannot do throws `UnsupportedOperationError` naming the vendor and the operation.
 * @public
 */
export interface Capabilities {
  readonly sites: {
    readonly list: boolean;
    readonly get: boolean;
  };
  readonly backups: {
    readonly list: boolean;
    readonly get: boolean;
    /** On-demand backups. Cloud 66 has none: its backups come only from a schedule. */
    readonly create: boolean;
    readonly restore: boolean;
    readonly delete: boolean;
    readonly downloadLink: boolean;
    /** Restore a backup onto a different site than the one it was taken from. */
    readonly restoreToOtherSite: boolean;
    /**
     * Parts that can be chosen on create (Site Factory: `database`, `codebase`, ...). Empty: a backup is taken
     * whole, and a `components` option is refused (UnsupportedOperationError), never ignored.
     */
    readonly components: readonly string[];
    /**
     * Parts that can be chosen on restore. Empty: a backup is restored whole, and a `components` option is
     * refused, never widened: a restore never does more than it was asked.
     */
    readonly restoreComponents: readonly string[];
    /**
     * The vendor keeps a backup's `label` (Site Factory's label, OnApp's note). Where it cannot, a label given to
     * `backups.create` is not sent and is warned about, the same way on every vendor: a `warn` to the logger and a
     * line in the started task's `warnings` (a vendor-neutral script passes a label everywhere).
     */
    readonly labels: boolean;
    /** What one backup covers. */
    readonly scope: 'database' | 'site' | 'server';
  };
  readonly deploys: {
    readonly deploy: boolean;
    /** Deploy history can be listed. */
    readonly list: boolean;
    /** `deploy(site, { ref })`. */
    readonly byRef: boolean;
    /** `deploy(site, { fromSiteId })`: promote what another site runs. */
    readonly fromSite: boolean;
    /** `stack`: the deploy updates every site on the stack, not only the one named. */
    readonly scope: DeployScope;
    /** What `ref` means: a git ref, or (OnApp) the template a server is rebuilt from. */
    readonly kind: 'git-ref' | 'template-rebuild';
    /**
     * A deploy destroys the site's data: OnApp rebuilds the server from a template, wiping its disks. Code
     * and tools must ask before doing it (the CLI requires `--yes`).
     */
    readonly destructive: boolean;
    /**
     * The deploy can carry a message (`DeployInput.message`) that the vendor keeps with the deployment. Where it
     * cannot, a message is not sent and is warned about, as a label is.
     */
    readonly message: boolean;
  };
  readonly operations: {
    /**
     * How `operations.reconcile` finds each start call's work: `exact` (by the idempotency key the vendor
     * kept), `heuristic` (by target, action and time), `none` (the vendor has no such call).
     */
    readonly reconcile: Readonly<Record<StartKind, ReconcileMatch | 'none'>>;
  };
  readonly tasks: {
    readonly get: boolean;
    readonly wait: boolean;
    readonly cancel: boolean;
    /** The vendor reports 0–100 progress (`onProgress` gets more than state changes). */
    readonly progress: boolean;
  };
}
