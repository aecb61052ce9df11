/**
 * The commands the CLI suggests on stderr (`omnihost operations reconcile '…' --wait`), read back the way a
 * POSIX shell reads them, so a test runs exactly what a person would paste.
 */

/** Splits a command line into words: plain words, single-quoted strings and `'\''` escapes (what the CLI writes). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index] as string;
    if (char === "'") {
      const end = line.indexOf("'", index + 1);
      if (end < 0) throw new Error(`unterminated quote in ${line}`);
      word = (word ?? '') + line.slice(index + 1, end);
      index = end;
    } else if (char === '\\') {
      word = (word ?? '') + (line[index + 1] ?? '');
      index += 1;
    } else if (char === ' ') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === '#' && word === undefined) {
      break;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/**
 * The arguments of the first suggested `omnihost <subcommand> …` in `text` (without `omnihost`), where the
 * line is `omnihost [connection flags] operations <subcommand> …`.
 */
export function suggested(text: string, subcommand: string): string[] | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.trim().replace(/^.*?: (?=omnihost )/, '');
    if (!line.startsWith('omnihost ')) continue;
    const words = shellWords(line).slice(1);
    const at = words.indexOf(subcommand.split(' ')[0] as string);
    if (at >= 0 && words.slice(at, at + subcommand.split(' ').length).join(' ') === subcommand) return words;
  }
  return undefined;
}
