import { NotFoundError, ValidationError } from '@omnihost/core';

/**
 * The characters an Acquia environment id is written in: it is `<internal numeric id>-<application uuid>`
 * (`24-a47ac10b-58cc-4372-a567-0e02b2c3d470`, vendor notes §1), so digits, hex letters and dashes only.
 */
const ENVIRONMENT_ID_ALPHABET = /^[0-9a-f-]{1,100}$/i;

/**
 * Checks a site (environment) id before a request is built. An id with a character Acquia never puts in one
 * (`999999-doesnotexist`, a path, a Cloud 66 stack name) names nothing that can exist: `NotFoundError`, as on
 * every vendor, and nothing is sent (issue 13). An id of the right alphabet is asked of the API, whose 404 is
 * `NotFoundError` too; the check stays an alphabet so that it can never refuse an id Acquia did issue. An
 * empty id is not an id: `ValidationError`.
 * @internal
 */
export function environmentIdOf(siteId: string, operation: string, field = 'siteId'): string {
  const text = typeof siteId === 'string' ? siteId : String(siteId);
  if (text.trim() === '') {
    throw new ValidationError(`acquia ${operation}: ${field} is required`, {
      vendor: 'acquia',
      operation,
      fieldErrors: { [field]: ['is required'] },
    });
  }
  if (!ENVIRONMENT_ID_ALPHABET.test(text)) {
    throw new NotFoundError(
      `acquia ${operation}: ${JSON.stringify(text.slice(0, 60))} is not an Acquia environment id (<number>-<application uuid>), so no such site exists`,
      { vendor: 'acquia', operation },
    );
  }
  return text;
}
