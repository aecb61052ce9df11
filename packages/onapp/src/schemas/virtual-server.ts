import { z } from 'zod';
import { flagField, idField, intField, numberField, textField, timestampField } from './scalars.js';

/** One IP address joined to a server (`ip_addresses` → `ip_address`). @public */
export const ipAddressSchema = z.looseObject({
  id: intField,
  address: textField,
  netmask: textField,
  gateway: textField,
  network_id: intField,
});

/** An IP address as the typed client returns it. @public */
export type IpAddress = z.output<typeof ipAddressSchema>;

/**
 * A virtual server (`<virtual_machine>`, vendors/onapp.md §2.1). The fields the library reads or users
 * commonly need are typed; every other field the panel sends passes through untouched (panels add fields
 * between versions: virtuozzo/OnApp-PHP-Wrapper-External#13 broke on one).
 * @public
 */
export const virtualServerSchema = z.looseObject({
  id: idField,
  identifier: textField,
  label: textField,
  hostname: textField,
  domain: textField,
  /** Running. */
  booted: flagField,
  /** Disks provisioned. */
  built: flagField,
  /** A transaction is operating on the server. */
  locked: flagField,
  suspended: flagField,
  recovery_mode: flagField,
  /** `new` right after create, `delivered` once built (free text). */
  state: textField,
  operating_system: textField,
  operating_system_distro: textField,
  template_id: intField,
  template_label: textField,
  memory: intField,
  cpus: intField,
  cpu_shares: intField,
  total_disk_size: intField,
  hypervisor_id: intField,
  user_id: intField,
  support_incremental_backups: flagField,
  price_per_hour: numberField,
  note: textField,
  ip_addresses: z.array(ipAddressSchema).nullish(),
  created_at: timestampField,
  updated_at: timestampField,
});

/** A virtual server as the typed client returns it. @public */
export type VirtualServer = z.output<typeof virtualServerSchema>;

/**
 * The light status document (`GET /virtual_machines/:id/status`, OnApp 3.1+): the 5.2 docs show it as a
 * one-element `type="array"` list, servermania's copy as a bare object; both are accepted.
 * @public
 */
export const virtualServerStatusSchema = z.looseObject({
  id: idField,
  identifier: textField,
  hostname: textField,
  template_id: intField,
  built: flagField,
  locked: flagField,
  booted: flagField,
  suspended: flagField,
  operating_system: textField,
  state: textField,
});

/** The light status of a server. @public */
export type VirtualServerStatus = z.output<typeof virtualServerStatusSchema>;
