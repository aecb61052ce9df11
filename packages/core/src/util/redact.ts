/** What a scrubbed secret is replaced with. @public */
export const REDACTED = '[REDACTED]';

/** Shorter values would redact ordinary words; no real credential is this short. */
const MIN_SECRET_LENGTH = 4;
/** The shortest piece of a secret, cut at the edge of a text, that is still redacted. */
const MIN_PARTIAL_LENGTH = 8;

/**
 * Every spelling of a secret the library itself may have put on the wire, and so may see echoed back: the
 * value, its URL encoding (`encodeURIComponent`: query strings, paths), its form encoding
 * (`URLSearchParams`: the OAuth token request, where a space is `+` and `~ ( ) ! '` are escaped, unlike
 * `encodeURIComponent`), and its base64 (Basic credentials carry `user:secret` encoded; strategies list
 * that header too).
 * @internal
 */
export function secretSpellings(secret: string): readonly string[] {
  let spellings = spellingCache.get(secret);
  if (!spellings) {
    const form = new URLSearchParams({ s: secret }).toString().slice(2);
    const all = new Set([secret, encodeURIComponent(secret), form, Buffer.from(secret).toString('base64')]);
    spellings = [...all].filter((spelling) => spelling.length >= MIN_SECRET_LENGTH);
    if (spellingCache.size >= MAX_CACHED_SECRETS) spellingCache.clear();
    spellingCache.set(secret, spellings);
  }
  return spellings;
}

/** Spellings of the secrets seen lately (a process holds a handful of credentials and tokens). */
const spellingCache = new Map<string, readonly string[]>();
const MAX_CACHED_SECRETS = 256;

/**
 * Replaces every known secret in `text`, in each spelling of {@link secretSpellings}. Vendors sometimes echo
 * what they were sent (a token in an error message, a key in a validation error), so every string that
 * reaches an error or a log line passes through here, not only the ones we wrote.
 *
 * Text is scrubbed before it is cut to length; as a second guard, a piece of a secret (8 characters or
 * more) left at either edge of the text, where someone else's cut may have split it, is redacted too.
 * @public
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  // Longest first: a secret's base64 can sit inside the base64 of `user:secret`, and replacing the short one
  // first would leave the rest of the long one behind.
  const spellings = secrets
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .flatMap((secret) => secretSpellings(secret))
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const spelling of spellings) {
    if (out.includes(spelling)) out = out.split(spelling).join(REDACTED);
  }
  for (const spelling of spellings) out = scrubCutEdges(out, spelling);
  return out;
}

/** Scrubs `text`, then cuts it to `max` characters: never the other way round. @public */
export function scrubAndCut(text: string, secrets: readonly string[], max: number): string {
  return scrubSecrets(text, secrets).slice(0, max);
}

/** A secret cut by a `slice` survives as its beginning at the end of the text, or its end at the start. */
function scrubCutEdges(text: string, spelling: string): string {
  if (spelling.length <= MIN_PARTIAL_LENGTH) return text;
  for (let length = Math.min(spelling.length - 1, text.length); length >= MIN_PARTIAL_LENGTH; length -= 1) {
    if (text.endsWith(spelling.slice(0, length))) return text.slice(0, text.length - length) + REDACTED;
  }
  for (let length = Math.min(spelling.length - 1, text.length); length >= MIN_PARTIAL_LENGTH; length -= 1) {
    if (text.startsWith(spelling.slice(spelling.length - length))) return REDACTED + text.slice(length);
  }
  return text;
}

/**
 * Deep copy of a JSON-like value with every string scrubbed, keys included; depth and size are bounded so
 * a hostile payload cannot make redaction itself expensive.
 * @internal
 */
export function scrubDeep(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  // Dates, maps and class instances are kept as they are: only JSON-like data is copied.
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  if (Array.isArray(value)) return value.slice(0, 200).map((item) => scrubDeep(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value).slice(0, 200)) {
    out[scrubSecrets(key, secrets)] = scrubDeep(item, secrets, depth + 1);
  }
  return out;
}
