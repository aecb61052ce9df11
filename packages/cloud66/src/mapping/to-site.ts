import { environmentFromName, type Site } from '@omnihost/core';
import { siteStatusOf } from '../rules/site-states.js';
import { untouchedPayload } from '../schemas/common.js';
import type { Cloud66Stack } from '../schemas/stack.js';
import { firstDate } from './dates.js';

/**
 * A stack as a site. The status comes from the site table (`CLOUD66_SITE_STATES`): a stack that reports
 * `is_busy` is `busy` whatever its status, and a deployed stack whose health is "Failed" (4) is `failed`.
 * @public
 */
export function stackToSite(stack: Cloud66Stack): Site {
  return {
    vendor: 'cloud66',
    id: stack.uid,
    name: stack.name ?? stack.uid,
    environment: environmentFromName(stack.environment),
    environmentName: stack.environment ?? undefined,
    status: siteStatusOf(stack),
    url: stack.fqdn ?? undefined,
    group: stack.account_name ?? stack.account_id ?? undefined,
    createdAt: firstDate(stack.created_at_iso, stack.created_at),
    rawStatus: stack.status === null || stack.status === undefined ? 'unknown' : String(stack.status),
    raw: untouchedPayload(stack),
  };
}
