/** Characters a POSIX shell passes through unquoted. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One argument as a POSIX shell reads it back unchanged: as is when it is plain, otherwise in single quotes
 * (a quote inside becomes `'\''`). The commands the CLI suggests carry JSON, which must survive a copy and paste.
 * @internal
 */
export function shellQuote(value: string): string {
  if (PLAIN.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `omnihost` and its arguments, quoted for a POSIX shell. @internal */
export function commandLine(args: readonly string[]): string {
  return ['omnihost', ...args.map(shellQuote)].join(' ');
}
