import { z } from 'zod';
import { flagField, idField, intField, textField, timestampField } from './scalars.js';

/**
 * A transaction (`<transaction>`, vendors/onapp.md §4): one step of OnApp's work queue. `parent_*` is
 * the object it acts on (a server, a disk, a backup); `associated_object_*` (3.0+) the server it belongs
 * to; `dependent_transaction_id` the step it waits for in a chain. `params` is a hash, or text on 2.x
 * panels (YAML) and when empty (`<params>\n</params>`). `log_output` comes only with single gets and
 * `?detailed` lists.
 * @public
 */
export const transactionSchema = z.looseObject({
  id: idField,
  action: textField,
  status: textField,
  parent_id: intField,
  parent_type: textField,
  associated_object_id: intField,
  associated_object_type: textField,
  identifier: textField,
  dependent_transaction_id: intField,
  chain_id: intField,
  params: z.unknown().optional(),
  priority: intField,
  pid: intField,
  allowed_cancel: flagField,
  user_id: intField,
  log_output: textField,
  created_at: timestampField,
  start_after: timestampField,
  started_at: timestampField,
  updated_at: timestampField,
});

/** A transaction as the typed client returns it. @public */
export type Transaction = z.output<typeof transactionSchema>;
