/** Per-attempt deadline of an HTTP exchange (headers and body), unless configured. @internal */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Largest response body accepted (after decompression), unless configured. @internal */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
