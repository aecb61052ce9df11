/**
 * Wire objects, shaped field for field like the docs' examples and the real payloads in the vendor
 * notes: integer codes, `*_iso` next to non-ISO stack dates, string `resource_id`s, `{ code, meaning }`
 * pairs on deployments.
 */
import {
  type BackupSeed,
  containerUid,
  type EnvVarSeed,
  type HistorySeed,
  hexOf,
  type ServerSeed,
  type StackSeed,
} from './fleet.js';
import type { StackDynamics } from './timeline.js';

/** `2014-08-14T00:38:14Z`: the `*_iso` fields and the action/deployment times. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2014-08-14 00:38:14 UTC`: the plain, non-ISO `created_at`/`updated_at` of stacks. */
export function railsUtc(ms: number): string {
  return iso(ms).replace('T', ' ').replace('Z', ' UTC');
}

/** `2014-08-14T01:46:53+00:00`: stack `last_activity`. */
export function isoOffset(ms: number): string {
  return iso(ms).replace('Z', '+00:00');
}

const ENV_SHORT: Readonly<Record<string, string>> = { production: 'prod', staging: 'stg', development: 'dev' };

/** A stack object. */
export function stackPayload(seed: number, stack: StackSeed, now: StackDynamics, maintenance: boolean) {
  const hookA = hexOf(4, seed, 31, stack.index);
  const hookB = hexOf(4, seed, 32, stack.index);
  const updatedAt = Math.max(stack.createdAt, now.lastActivity);
  return {
    uid: stack.uid,
    name: stack.name,
    git: `https://github.com/omnihost-sim/${stack.slug}.git`,
    git_branch: stack.gitBranch,
    environment: stack.environment,
    cloud: stack.cloud,
    fqdn: `${stack.slug}.${ENV_SHORT[stack.environment] ?? stack.environment}.c66.me`,
    language: stack.language,
    framework: stack.framework,
    status: now.status,
    health: now.health,
    last_activity: isoOffset(now.lastActivity),
    last_activity_iso: isoOffset(now.lastActivity),
    maintenance_mode: maintenance,
    has_loadbalancer: stack.index % 4 === 0,
    created_at: railsUtc(stack.createdAt),
    updated_at: railsUtc(updatedAt),
    deploy_directory: `/var/deploy/${stack.slug.replace(/-/g, '_')}`,
    cloud_status: 'partial',
    created_at_iso: iso(stack.createdAt),
    updated_at_iso: iso(updatedAt),
    redeploy_hook: `https://hooks.cloud66.com/stacks/redeploy/${hookA}/${hookB}`,
    is_busy: now.isBusy,
    account_id: stack.accountId,
  };
}

/** A server object. */
export function serverPayload(stack: StackSeed, server: ServerSeed) {
  return {
    uid: server.uid,
    vendor_uid: String(2_400_000 + stack.index * 3 + server.groupId),
    name: server.name,
    address: server.address,
    distro: 'ubuntu',
    distro_version: '22.04',
    dns_record: `${server.name.toLowerCase()}.${stack.slug}.c66.me`,
    user_name: 'root',
    server_type: `Cloud (${stack.cloud}) `,
    server_roles: server.roles,
    server_group_id: server.groupId,
    stack_uid: stack.uid,
    has_agent: true,
    params: {
      availability_zone: '2',
      size: '63',
      region: '2',
      ips: [server.address],
      was_baselined: true,
      cached_cores: 1 + (server.groupId % 4),
      cached_memory: 1_042_336_972,
      passenger_version: '6.0.18',
      passenger_enterprise: false,
      supports_nginx_realip: true,
      passenger_pool_max: 4,
    },
    created_at: iso(stack.createdAt + 120_000),
    updated_at: iso(stack.createdAt + 600_000),
    region: '2',
    availability_zone: '2',
    ext_ipv4: server.address,
    health_state: 3,
    int_ipv4: server.address,
    int_ipv6: null,
    ext_ipv6: null,
  };
}

/** A container object, as listed under a service (`port_list`/`web_ports` are strings there). */
export function containerPayload(seed: number, stack: StackSeed, service: string, server: ServerSeed, k: number) {
  return {
    uid: containerUid(seed, stack, service, k),
    server_uid: server.uid,
    server_name: server.name,
    service_name: service,
    image: `quay.io/omnihost-sim/${stack.slug}-${service}`,
    port_list: service === 'web' ? '["5128:3000"]' : '[]',
    command: service === 'web' ? 'rackup -p 3000' : `bin/${service}`,
    started_at: iso(stack.createdAt + 900_000),
    web_ports: service === 'web' ? '80:443' : '',
    health_state: 1,
    created_at: iso(stack.createdAt + 900_000),
    updated_at: iso(stack.createdAt + 960_000),
  };
}

/**
 * A container object as `GET /stacks/{uid}/containers` lists it: `ports` as objects and the health and
 * network fields, where the containers inside a service carry `port_list`/`web_ports` strings instead.
 */
export function containerListPayload(seed: number, stack: StackSeed, service: string, server: ServerSeed, k: number) {
  const web = service === 'web';
  return {
    uid: containerUid(seed, stack, service, k),
    server_uid: server.uid,
    server_name: server.name,
    service_name: service,
    image: `quay.io/omnihost-sim/${stack.slug}-${service}`,
    command: web ? 'rackup -p 3000' : `bin/${service}`,
    started_at: iso(stack.createdAt + 900_000),
    ports: web ? [{ container: 3000, http: 80, https: 443 }] : [],
    private_ip: `25.0.${k}.${2 + serviceIndex(service)}`,
    docker_ip: null,
    health_state: 1,
    health_message: null,
    health_source: 'system',
    capture_output: true,
    restart_on_deploy: true,
    created_at: iso(stack.createdAt + 900_000),
    updated_at: iso(stack.createdAt + 960_000),
  };
}

function serviceIndex(service: string): number {
  return ['web', 'worker', 'api'].indexOf(service) + 1;
}

/** A backup object. */
export function backupPayload(stack: StackSeed, server: ServerSeed | undefined, backup: BackupSeed) {
  const stamp = iso(backup.takenAt).replace(/[-:]/g, '.').replace('T', '.').replace('Z', '');
  return {
    id: backup.id,
    server_uid: server?.uid ?? null,
    db_type: stack.dbType,
    database_name: backup.databaseName,
    // The dump's file name, which segments extend (`….tar-aa`); read by the Go client (`ManagedBackup.Filename`).
    // A failed backup wrote no file.
    file_name: backup.failed ? null : `${backup.databaseName}.tar`,
    file_base: '',
    backup_date_iso: iso(backup.takenAt),
    backup_status: backup.failed ? 1 : 0,
    backup_result: backup.failed ? 'mysqldump: Got error: 2013: Lost connection to server' : '',
    restore_status: 0,
    restore_result: null,
    created_at_iso: iso(backup.takenAt),
    updated_at_iso: iso(backup.takenAt + 60_000),
    verify_status: 0,
    verify_result: null,
    storage_path: `${stack.uid}/backups/${backup.id}/${stack.dbType}/${backup.databaseName}/${stamp}`,
    skip_tables: '',
    backup_size: backup.failed ? 0 : backup.sizeBytes,
    logical_backup: backup.logicalBackup,
  };
}

/** An environment variable object. */
export function envVarPayload(variable: EnvVarSeed) {
  return {
    id: variable.id,
    key: variable.key,
    value: variable.value,
    readonly: variable.readonly,
    created_at: iso(variable.createdAt),
    updated_at: iso(variable.updatedAt),
    is_password: variable.isPassword,
    is_generated: variable.isGenerated,
    // In the docs' examples a history entry's `key` is a number (its position), not the variable's key.
    history: variable.history.map((entry, index) => ({
      key: index + 1,
      value: entry.value,
      created_at: iso(entry.createdAt),
      updated_at: iso(entry.updatedAt),
    })),
  };
}

/** A past deployment (generated history). */
export function historyPayload(stack: StackSeed, history: HistorySeed, head: boolean) {
  return {
    id: history.id,
    triggered_by: 'ops@omnihost-sim.example',
    triggered_via: { code: 0, meaning: 'web' },
    started_at: iso(history.startedAt),
    finished_at: iso(history.finishedAt),
    outcome: history.success ? { code: 1, meaning: 'success' } : { code: 2, meaning: 'failed' },
    git_hash: history.gitHash,
    deploy_session: history.session,
    deploy_type: { code: 0, meaning: 'build' },
    is_head: head,
    is_live: head && history.success,
    reverted: null,
    reverted_by: null,
    reverted_at: null,
    is_deploying: false,
    commit_url: `https://github.com/omnihost-sim/${stack.slug}/commit/${history.gitHash}`,
  };
}

/** An SSL certificate object (production stacks have a Let's Encrypt one). */
export function sslCertificatePayload(seed: number, stack: StackSeed) {
  return {
    uuid: `ssl-${hexOf(4, seed, 33, stack.index).slice(0, 30)}`,
    name: `${stack.slug}-cert`,
    server_group_id: null,
    server_names: `${stack.slug}.example.com`,
    sha256_fingerprint: hexOf(8, seed, 34, stack.index),
    ca_name: "Let's Encrypt",
    type: 'lets_encrypt',
    wildcard: false,
    dns_provider_uuid: null,
    ssl_termination: true,
    has_intermediate_cert: true,
    status: 3,
    created_at: iso(stack.createdAt + 86_400_000),
    updated_at: iso(stack.createdAt + 86_400_000),
    expires_at: iso(stack.createdAt + 91 * 86_400_000),
    certificate: null,
    key: null,
    intermediate_certificate: null,
  };
}
