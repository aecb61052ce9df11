import type { DeployScope } from './deployment.js';

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
    /** Parts that can be chosen on create/restore (Site Factory: `database`, `codebase`, ...); empty = all or nothing. */
    readonly components: readonly string[];
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
  };
  readonly tasks: {
    readonly get: boolean;
    readonly wait: boolean;
    readonly cancel: boolean;
    /** The vendor reports 0–100 progress (`onProgress` gets more than state changes). */
    readonly progress: boolean;
  };
}
