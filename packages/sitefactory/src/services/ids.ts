import { ValidationError } from '@omnihost/core';

/**
 * Site Factory ids (site node ids, backup ids, WIP task ids) are positive integers. Anything else cannot
 * name a resource, so it is refused before a request is spent on it.
 * @internal
 */
export function numericId(value: string, field: string, operation: string): number {
  const text = typeof value === 'string' ? value.trim() : String(value);
  if (!/^\d{1,15}$/.test(text) || Number(text) === 0) {
    throw new ValidationError(`sitefactory ${operation}: ${field} must be a positive integer id`, {
      vendor: 'sitefactory',
      operation,
      fieldErrors: { [field]: ['must be a positive integer id'] },
    });
  }
  return Number(text);
}
