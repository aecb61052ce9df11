/**
 * The simulated fleet, generated lazily: every stack (and its servers, services, backups, variables and
 * deployment history) is a pure function of the seed and the stack's index, so a fleet of a million
 * stacks costs nothing until a page of it is read. Only what a test changes is stored (see `world.ts`).
 */

const DAY_MS = 86_400_000;

/** Environments in fleet order: index 0 is production and index 1 staging, so any fleet of 4+ has both. */
const ENVIRONMENTS = ['production', 'staging', 'development', 'production', 'qa', 'staging', 'production', 'demo'];
const ADJECTIVES = ['brisk', 'calm', 'dusty', 'eager', 'fuzzy', 'gentle', 'hollow', 'jolly', 'lucky', 'misty'];
const NOUNS = ['otter', 'falcon', 'harbor', 'meadow', 'comet', 'canyon', 'lantern', 'willow', 'pepper', 'summit'];
const SERVER_NAMES = ['Caribou', 'Gazelle', 'Cormorant', 'Heron', 'Ibex', 'Jackal', 'Kestrel', 'Lynx'];
const CLOUDS = ['DigitalOcean', 'AWS', 'Hetzner', 'GCE'];

/** 32-bit mixing hash of a few integers (FNV-1a over their bytes, then a final avalanche). */
export function hashInts(...values: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (const value of values) {
    let v = Math.floor(value) >>> 0;
    for (let byte = 0; byte < 4; byte += 1) {
      hash ^= v & 0xff;
      hash = Math.imul(hash, 0x01000193) >>> 0;
      v >>>= 8;
    }
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  return hash >>> 0;
}

/** `count` × 8 hex characters derived from the inputs. */
export function hexOf(count: number, ...values: readonly number[]): string {
  let out = '';
  for (let part = 0; part < count; part += 1)
    out += hashInts(...values, part)
      .toString(16)
      .padStart(8, '0');
  return out;
}

/** A deterministic draw in [0, 1). */
export function drawOf(...values: readonly number[]): number {
  return hashInts(...values) / 4294967296;
}

/** Salt per generated thing, so a stack's uid and its first server's uid never collide. */
const SALT = { stack: 1, server: 2, container: 3, hash: 4, secret: 5, session: 6 } as const;

/** A generated stack: what the wire object is built from. */
export interface StackSeed {
  readonly index: number;
  readonly uid: string;
  readonly numericId: number;
  readonly name: string;
  readonly slug: string;
  readonly environment: string;
  readonly framework: 'rails' | 'docker' | 'nodejs';
  readonly language: string;
  readonly cloud: string;
  readonly gitBranch: string;
  readonly status: number;
  readonly health: number;
  readonly createdAt: number;
  readonly accountId: number;
  /** The managed database, or null (Docker stacks here have none, hence no backups). */
  readonly dbType: 'postgresql' | 'mysql' | null;
}

/**
 * A stack uid: 24 hex characters derived from the seed and the index, then the index itself as 8 hex
 * characters, so a uid leads back to its index without a lookup table.
 */
export function stackUid(seed: number, index: number): string {
  return hexOf(3, seed, SALT.stack, index) + (index >>> 0).toString(16).padStart(8, '0');
}

/** The index a uid was made from, if it is one of this seed's uids. */
export function indexOfUid(seed: number, uid: string): number | undefined {
  if (!/^[0-9a-f]{32}$/.test(uid)) return undefined;
  const index = Number.parseInt(uid.slice(24), 16);
  return stackUid(seed, index) === uid ? index : undefined;
}

/** The generated stack at `index` (an `epoch` anchors its dates). */
export function generateStack(seed: number, index: number, epoch: number, accountId: number): StackSeed {
  const slug = `${ADJECTIVES[hashInts(seed, index, 11) % ADJECTIVES.length]}-${NOUNS[hashInts(seed, index, 12) % NOUNS.length]}-${index + 1}`;
  const environment = ENVIRONMENTS[index % ENVIRONMENTS.length] as string;
  const framework = (['rails', 'rails', 'docker', 'nodejs'] as const)[index % 4] as StackSeed['framework'];
  const failed = index % 9 === 7;
  return {
    index,
    uid: stackUid(seed, index),
    numericId: 80_000 + index,
    name: slug.replace(/-/g, ' ').replace(/\b\w/g, (letter) => letter.toUpperCase()),
    slug,
    environment,
    framework,
    language: framework === 'nodejs' ? 'node' : framework === 'docker' ? 'docker' : 'ruby',
    cloud: CLOUDS[hashInts(seed, index, 13) % CLOUDS.length] as string,
    gitBranch: environment === 'production' ? 'main' : environment === 'staging' ? 'staging' : 'develop',
    status: failed ? 2 : 1,
    health: failed ? 2 : 3,
    createdAt: epoch - (30 + (index % 400)) * DAY_MS - (hashInts(seed, index, 14) % DAY_MS),
    accountId,
    dbType: framework === 'docker' ? null : index % 2 === 0 ? 'postgresql' : 'mysql',
  };
}

/** A generated server of a stack. */
export interface ServerSeed {
  readonly uid: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly address: string;
  readonly groupId: number;
}

/** The stack's servers: 1–3, the first serving web traffic, a second one holding the database. */
export function generateServers(seed: number, stack: StackSeed): ServerSeed[] {
  const count = 1 + (stack.index % 3);
  return Array.from({ length: count }, (_, k) => {
    const roles =
      stack.framework === 'docker'
        ? ['docker', 'web']
        : k === 1 && stack.dbType
          ? [stack.dbType, 'db']
          : [stack.framework, 'web', 'app', ...(count === 1 && stack.dbType ? [stack.dbType, 'db'] : [])];
    const ip = hashInts(seed, stack.index, SALT.server, k);
    return {
      uid: hexOf(4, seed, SALT.server, stack.index, k),
      name: SERVER_NAMES[(stack.index + k) % SERVER_NAMES.length] as string,
      roles,
      address: `10.${(ip >>> 16) & 0xff}.${(ip >>> 8) & 0xff}.${(ip & 0xfe) + 1}`,
      groupId: 100 + k,
    };
  });
}

/** Docker stacks run these services; other stacks have none. */
export function serviceNames(stack: StackSeed): string[] {
  if (stack.framework !== 'docker') return [];
  return stack.index % 3 === 0 ? ['web', 'worker', 'api'] : ['web', 'worker'];
}

/** A container uid (64 hex, like Docker's). */
export function containerUid(seed: number, stack: StackSeed, service: string, serverIndex: number): string {
  return hexOf(8, seed, SALT.container, stack.index, service.length, service.charCodeAt(0), serverIndex);
}

/** Backups per stack with a database, newest first. */
export const BACKUPS_PER_STACK = 3;

/** A generated backup. */
export interface BackupSeed {
  readonly id: number;
  readonly k: number;
  readonly takenAt: number;
  readonly failed: boolean;
  /** File segments, in order: one `tar`, or `tar-aa`, `tar-ab`, ... for a split backup. */
  readonly files: readonly { id: string; name: string }[];
  readonly sizeBytes: number;
  readonly databaseName: string;
  /**
   * `logical_backup`: true for a text dump (what `mysqldump`/`pg_dump` write), false for a physical copy,
   * null when unknown (backups taken before Cloud 66 recorded it; vendors/cloud66.md §3.4, Go client 2026-05).
   */
  readonly logicalBackup: boolean | null;
}

/** The stack's backups (none for a stack without a database). Ids are global: `index × 3 + k + 1`. */
export function generateBackups(stack: StackSeed, epoch: number): BackupSeed[] {
  if (!stack.dbType) return [];
  const databaseName = `${stack.slug.replace(/-/g, '_')}_${stack.environment}`;
  return Array.from({ length: BACKUPS_PER_STACK }, (_, k) => {
    const split = k === 1;
    // A failed backup left no file to download.
    const failed = k === 2 && stack.index % 5 === 4;
    const files = failed
      ? []
      : split
        ? ['aa', 'ab', 'ac'].map((suffix) => ({ id: `tar-${suffix}`, name: `${databaseName}.tar-${suffix}` }))
        : [{ id: 'tar', name: `${databaseName}.tar` }];
    return {
      id: stack.index * BACKUPS_PER_STACK + k + 1,
      k,
      takenAt: epoch - (k + 1) * DAY_MS + 3_600_000 * 2,
      failed,
      files,
      sizeBytes: split ? 3 * 1024 * 1024 * 1024 : 48 * 1024 * 1024 + k,
      databaseName,
      // The oldest predates the field; the others are the default dump.
      logicalBackup: k === BACKUPS_PER_STACK - 1 ? null : true,
    };
  });
}

/** The stack a backup id belongs to, and which of its backups it is. */
export function backupIdParts(id: number): { index: number; k: number } {
  return { index: Math.floor((id - 1) / BACKUPS_PER_STACK), k: (id - 1) % BACKUPS_PER_STACK };
}

/** Generated history per stack: deployments (and their actions) per stack, newest first. */
export const HISTORY_PER_STACK = 3;

/** A past deployment. */
export interface HistorySeed {
  readonly id: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly success: boolean;
  readonly gitHash: string;
  readonly session: string;
}

/** The stack's past deployments, newest first; a stack whose last deploy failed has it here too. */
export function generateHistory(seed: number, stack: StackSeed, epoch: number): HistorySeed[] {
  return Array.from({ length: HISTORY_PER_STACK }, (_, k) => {
    const startedAt = epoch - (k * 7 + 2) * DAY_MS - (hashInts(seed, stack.index, 20, k) % DAY_MS);
    return {
      id: stack.index * HISTORY_PER_STACK + k + 1,
      startedAt,
      finishedAt: startedAt + 6 * 60_000 + (hashInts(seed, stack.index, 21, k) % 300_000),
      success: !(k === 0 && stack.status === 2),
      gitHash: hexOf(5, seed, SALT.hash, stack.index, k),
      session: hexOf(1, seed, SALT.session, stack.index, k).slice(0, 10),
    };
  });
}

/** The stack a generated history id belongs to. */
export function historyIdParts(id: number): { index: number; k: number } {
  return { index: Math.floor((id - 1) / HISTORY_PER_STACK), k: (id - 1) % HISTORY_PER_STACK };
}

/** A generated environment variable. */
export interface EnvVarSeed {
  id: number;
  key: string;
  value: string;
  readonly: boolean;
  isPassword: boolean;
  isGenerated: boolean;
  createdAt: number;
  updatedAt: number;
  /** Earlier values, oldest first (a variable changed through the API keeps what it was). */
  history: { value: string; createdAt: number; updatedAt: number }[];
}

/** Variables per stack in the generated set. */
export const ENV_VARS_PER_STACK = 5;

/** The stack's environment variables as Cloud 66 generates them (ids: `index × 5 + k + 1`). */
export function generateEnvVars(seed: number, stack: StackSeed): EnvVarSeed[] {
  const db = (stack.dbType ?? 'redis').toUpperCase();
  const rows: [string, string, boolean, boolean, boolean][] = [
    ['STACK_GIT_BRANCH', stack.gitBranch, true, false, true],
    ['STACK_PATH', `/var/deploy/${stack.slug}/web_head/current`, true, false, true],
    [stack.framework === 'rails' ? 'RAILS_ENV' : 'APP_ENV', stack.environment, false, false, false],
    [`${db}_USERNAME`, stack.slug.split('-')[0] ?? 'app', false, false, true],
    [`${db}_PASSWORD`, hexOf(2, seed, SALT.secret, stack.index), false, true, true],
  ];
  return rows.map(([key, value, readonly, isPassword, isGenerated], k) => ({
    id: stack.index * ENV_VARS_PER_STACK + k + 1,
    key,
    value,
    readonly,
    isPassword,
    isGenerated,
    createdAt: stack.createdAt + 60_000,
    updatedAt: stack.createdAt + 60_000,
    history: [],
  }));
}
