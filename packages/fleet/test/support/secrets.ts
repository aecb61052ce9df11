/** The spellings a secret could be written in: as is, URL-encoded, form-encoded, base64. */
export function secretSpellingsForTest(secret: string): string[] {
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  return [...new Set([secret, encodeURIComponent(secret), form, Buffer.from(secret).toString('base64')])];
}
