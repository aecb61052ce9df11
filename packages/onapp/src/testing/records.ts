/**
 * The simulator's state, one record type per OnApp object. Field names follow the panel's (camel-cased);
 * wire.ts writes them as the panel does.
 */

/** A virtual server. `locked` is not stored: it is "a transaction is queued or running on it". @public */
export interface SimVirtualServer {
  readonly id: number;
  readonly identifier: string;
  label: string;
  hostname: string;
  readonly domain: string;
  booted: boolean;
  built: boolean;
  suspended: boolean;
  /** `new` right after create, `delivered` once built. */
  state: string;
  operatingSystem: string;
  operatingSystemDistro: string;
  templateId: number;
  templateLabel: string;
  memory: number;
  cpus: number;
  cpuShares: number;
  readonly hypervisorId: number;
  readonly userId: number;
  readonly supportIncrementalBackups: boolean;
  readonly ipAddress: { readonly id: number; readonly address: string; readonly networkId: number };
  initialRootPassword: string;
  note: string | null;
  readonly createdAt: Date;
  updatedAt: Date;
}

/** A disk of a server. @public */
export interface SimDisk {
  readonly id: number;
  readonly identifier: string;
  readonly serverId: number;
  readonly label: string;
  readonly diskSize: number;
  readonly primary: boolean;
  readonly isSwap: boolean;
  built: boolean;
  readonly dataStoreId: number;
  readonly createdAt: Date;
  updatedAt: Date;
}

/** A backup: `Disk` target = normal (image) backup, `VirtualMachine` target = incremental. @public */
export interface SimBackup {
  readonly id: number;
  readonly identifier: string;
  readonly serverId: number;
  readonly targetType: 'Disk' | 'VirtualMachine';
  readonly targetId: number;
  built: boolean;
  builtAt: Date | null;
  /** KB. */
  backupSize: number;
  /** `manual`, or the schedule period. */
  readonly initiated: 'manual' | 'days' | 'weeks' | 'months';
  readonly note: string | null;
  markedForDelete: boolean;
  readonly templateId: number;
  readonly operatingSystem: string;
  readonly operatingSystemDistro: string;
  readonly minDiskSize: number;
  readonly userId: number;
  readonly createdAt: Date;
  updatedAt: Date;
}

/** A template to build servers from (an OS image, or a release image labelled with its git ref). @public */
export interface SimTemplate {
  readonly id: number;
  readonly label: string;
  readonly fileName: string;
  readonly operatingSystem: string;
  readonly operatingSystemDistro: string;
  readonly version: string;
  readonly minDiskSize: number;
  readonly minMemorySize: number;
  /** `active`, or `inactive` while a backup is being converted into it. */
  state: string;
  readonly userId: number;
  readonly createdAt: Date;
  updatedAt: Date;
}

/** Transaction status, as the panel writes it. @public */
export type SimTransactionStatus = 'pending' | 'running' | 'complete' | 'failed' | 'cancelled';

/** One transaction of OnApp's queue. @public */
export interface SimTransaction {
  readonly id: number;
  readonly action: string;
  readonly parentType: 'VirtualMachine' | 'Disk' | 'Backup';
  readonly parentId: number;
  /** The parent's identifier (the panel repeats it on the row). */
  readonly identifier: string;
  /** The server whose queue it runs in (`associated_object_id`). */
  readonly serverId: number;
  /** The chain step it waits for. */
  readonly dependentId: number | null;
  readonly params: Readonly<Record<string, string | number | boolean | null>>;
  readonly userId: number;
  readonly createdAt: Date;
  readonly durationMs: number;
  /** Decided when queued: what the step will end as once it has run. */
  readonly outcome: 'complete' | 'failed';
  status: SimTransactionStatus;
  startedAt: Date | null;
  finishedAt: Date | null;
  pid: number | null;
  /** Lines written so far (the panel's `log_output`). */
  readonly log: string[];
  /** The client's `X-Omnihost-Call-Id` of the request that queued it (for tests). */
  readonly callId: string | undefined;
  /** Runs when the step completes (the state change it stands for). */
  readonly onComplete?: (() => void) | undefined;
  /** Runs when the step fails or is cancelled. */
  readonly onAbandon?: (() => void) | undefined;
  /** Log lines written while it runs, and the error written when it fails. */
  readonly script: TransactionScript;
}

/** What a transaction writes to `log_output`. @public */
export interface TransactionScript {
  readonly remoteServer: string;
  readonly steps: readonly string[];
  readonly failure: string;
}
