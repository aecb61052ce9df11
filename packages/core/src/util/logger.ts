/**
 * Structured log hook. Every field omnihost logs is safe (method, path, status, timings, counts): never
 * headers, bodies or credentials.
 * @public
 */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}
