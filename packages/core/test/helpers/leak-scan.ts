import { inspect } from 'node:util';
import type { Logger } from '../../src/index.js';

/** Every rendering of an error a user, a log shipper or a crash reporter might see. */
export function renderingsOf(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth += 1) {
    if (current instanceof Error) out.push(current.message, current.stack ?? '');
    out.push(inspect(current, { depth: 10, showHidden: true }));
    try {
      out.push(JSON.stringify(current) ?? '');
    } catch {
      // circular: inspect above already covers it
    }
    out.push(String(current));
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

/** A logger that records everything it is given. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(`${level} ${message} ${inspect(fields, { depth: 10 })}`);
  };
  return { lines, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

/** Secrets and their encodings that must never appear. */
export function leakedSecrets(texts: readonly string[], secrets: readonly string[]): string[] {
  const needles = secrets.flatMap((secret) => [
    secret,
    Buffer.from(secret).toString('base64'),
    encodeURIComponent(secret),
  ]);
  return needles.filter((needle) => texts.some((text) => text.includes(needle)));
}
