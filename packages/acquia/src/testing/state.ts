import type { SimApplication, SimDatabaseInfo, SimEnvironmentInfo, SimFleet } from './fleet.js';

/** A database backup in the simulator. */
export interface SimBackup {
  readonly id: number;
  /** `daily` (scheduled) or `ondemand` (created through the API; the real value is undocumented). */
  readonly type: string;
  readonly startedAt: number;
  readonly completedAt: number;
}

/** Code every generated repository has. `tags/2.4.0` is what the demo and the contract suite deploy. */
const BASE_REFS = ['main', 'develop', 'feature/search', 'tags/2.2.0', 'tags/2.3.0', 'tags/2.4.0'];

/**
 * What changed since the fleet was generated, and nothing else: the code an environment runs after a
 * switch, the backup list of a database once it was touched, refs pushed by deploys. Untouched sites
 * are read straight from {@link SimFleet}.
 */
export class SimState {
  private readonly vcs = new Map<number, string>();
  private readonly backups = new Map<string, SimBackup[]>();
  private readonly refs = new Map<number, string[]>();
  private nextBackupId = 1_000_000_000;

  constructor(
    private readonly fleet: SimFleet,
    private readonly epochMs: number,
  ) {}

  /** The branch or tag an environment runs (`vcs.path`). */
  vcsPath(environment: SimEnvironmentInfo): string {
    return (
      this.vcs.get(environment.index) ??
      (environment.slot === 0 ? 'main' : environment.slot <= 2 ? 'tags/2.3.0' : 'develop')
    );
  }

  setVcsPath(environment: SimEnvironmentInfo, path: string): void {
    this.vcs.set(environment.index, path);
  }

  /** Branches and tags of an application's repository. */
  refsOf(application: SimApplication): readonly string[] {
    return this.refs.get(application.index) ?? BASE_REFS;
  }

  /** Records a ref as pushed (the simulator accepts any well-formed ref unless `strictRefs`). */
  addRef(application: SimApplication, ref: string): void {
    const current = this.refsOf(application);
    if (!current.includes(ref)) this.refs.set(application.index, [...current, ref]);
  }

  /** The backups of one database, oldest first. */
  backupsOf(environment: SimEnvironmentInfo, database: SimDatabaseInfo): readonly SimBackup[] {
    return this.backups.get(key(environment, database)) ?? this.fleet.dailyBackups(environment, database, this.epochMs);
  }

  addBackup(
    environment: SimEnvironmentInfo,
    database: SimDatabaseInfo,
    startedAt: number,
    completedAt: number,
  ): SimBackup {
    const backup: SimBackup = { id: this.nextBackupId++, type: 'ondemand', startedAt, completedAt };
    this.backups.set(key(environment, database), [...this.backupsOf(environment, database), backup]);
    return backup;
  }

  removeBackup(environment: SimEnvironmentInfo, database: SimDatabaseInfo, id: number): void {
    this.backups.set(
      key(environment, database),
      this.backupsOf(environment, database).filter((backup) => backup.id !== id),
    );
  }
}

function key(environment: SimEnvironmentInfo, database: SimDatabaseInfo): string {
  return `${environment.index}|${database.name}`;
}
