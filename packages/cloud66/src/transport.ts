import {
  bearerAuth,
  createHttpClient,
  type HttpClient,
  type ResponseInfo,
  scrubAndCut,
  transportOptionsFor,
} from '@omnihost/core';
import type { ParsedCloud66Config } from './config.js';
import { CLOUD66_DEFAULT_BASE_URL } from './constants.js';
import { cloud66ErrorMapping } from './rules/http-errors.js';

/** Longest warning text passed on to the logger. */
const MAX_WARNING_LENGTH = 500;

/**
 * Builds core's transport for Cloud 66: the config's transport options over Cloud 66's defaults (the
 * public base URL, the vendor table's 3,000/hour budget), Bearer token, Cloud 66's error mapping,
 * `X-Account` when the config names an account, and `X-Cloud66-Warning` surfaced through the logger
 * (the Go client prints it to stderr: cloud66-oss/cloud66 `cloud66.go`).
 * @internal
 */
export function createCloud66HttpClient(config: ParsedCloud66Config): HttpClient {
  const auth = bearerAuth(config.token);
  const logger = config.logger;
  const onResponse = (info: ResponseInfo): void => {
    const warning = info.headers['x-cloud66-warning'];
    if (!warning) return;
    logger?.warn?.('cloud66: API warning', {
      vendor: 'cloud66',
      operation: info.operation,
      method: info.method,
      path: info.path,
      // Scrubbed before it is cut, so a cut cannot split a secret past recognition.
      warning: scrubAndCut(warning, auth.secrets(), MAX_WARNING_LENGTH),
    });
  };
  return createHttpClient({
    ...transportOptionsFor('cloud66', config, { baseUrl: CLOUD66_DEFAULT_BASE_URL }),
    auth,
    errorMapping: cloud66ErrorMapping,
    headers: config.accountId === undefined ? undefined : { 'X-Account': String(config.accountId) },
    onResponse,
  });
}
