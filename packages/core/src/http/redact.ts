/** What a scrubbed secret is replaced with. @public */
export const REDACTED = '[REDACTED]';

/**
 * Replaces every known secret in `text`. Vendors sometimes echo what they were sent (a token in an error
 * message, a key in a validation error), so every string that reaches an error or a log line passes
 * through here, not only the ones we wrote.
 * @public
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Very short values would redact ordinary words; no real credential is this short.
    if (secret.length < 4) continue;
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
  }
  return out;
}

/**
 * Deep copy of a JSON-like value with every string scrubbed; depth and size are bounded so a hostile
 * payload cannot make redaction itself expensive.
 * @internal
 */
export function scrubDeep(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 200).map((item) => scrubDeep(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value).slice(0, 200)) out[key] = scrubDeep(item, secrets, depth + 1);
  return out;
}
