import { UnsupportedOperationError } from '../errors/error-classes.js';
import type { VendorId } from '../vendors/table.js';
import type { OperationService } from './services.js';

/**
 * An `operations` service for a vendor package that cannot reconcile or resume: both calls reject with
 * {@link UnsupportedOperationError}, as every unsupported call does.
 * @public
 */
export function unsupportedOperations(vendor: VendorId): OperationService {
  return {
    reconcile: () => Promise.reject(new UnsupportedOperationError(vendor, 'operations.reconcile')),
    resume: () => Promise.reject(new UnsupportedOperationError(vendor, 'operations.resume')),
  };
}
