import { NotFoundError, ValidationError } from '@omnihost/core';

/** What each id is, and the characters Cloud 66 writes it in. */
const FORMS = {
  /** A stack uid: hexadecimal (`5999b763474b0eafa5fafb64bff0ba80`, vendor notes §3). */
  site: { pattern: /^[0-9a-f]{1,128}$/i, form: 'a hexadecimal stack uid' },
  /** A backup id: an integer (`"id": 4` in every backup payload). */
  backup: { pattern: /^\d{1,18}$/, form: 'an integer' },
} as const;

/**
 * Checks a stack uid or a backup id before a request is built. An id with a character Cloud 66 never puts
 * in one (`999999-doesnotexist`, another vendor's uuid with its dashes) names nothing that can exist:
 * `NotFoundError`, as on every vendor, and nothing is sent (issue 13). An id of the right alphabet is asked
 * of the API, whose 404 is `NotFoundError` too; the check stays an alphabet so that it can never refuse an id
 * Cloud 66 did issue. An empty id is not an id: `ValidationError`.
 * @internal
 */
export function checkedId(value: string, what: keyof typeof FORMS, operation: string): string {
  const text = typeof value === 'string' ? value : String(value);
  const field = `${what}Id`;
  if (text.trim() === '') {
    throw new ValidationError(`cloud66 ${operation}: ${field} is required`, {
      vendor: 'cloud66',
      operation,
      fieldErrors: { [field]: ['is required'] },
    });
  }
  const { pattern, form } = FORMS[what];
  if (!pattern.test(text)) {
    throw new NotFoundError(
      `cloud66 ${operation}: ${JSON.stringify(text.slice(0, 60))} is not a Cloud 66 ${what} id (${form}), so no such ${what} exists`,
      { vendor: 'cloud66', operation },
    );
  }
  return text;
}
