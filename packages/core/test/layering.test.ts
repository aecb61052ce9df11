/**
 * Core's folders depend on each other in one direction only (issue 11, point 6): a folder may import the
 * folders listed for it, never one above it. The list is the architecture; a new arrow must be added
 * here on purpose.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Folder → the core folders it may import (besides itself). From the bottom up. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  util: [],
  vendors: ['util'],
  model: ['vendors'],
  errors: ['model', 'vendors', 'util'],
  schemas: [],
  http: ['errors', 'model', 'schemas', 'util', 'vendors'],
  auth: ['http', 'errors', 'util', 'vendors'],
  paging: ['errors', 'vendors'],
  wait: ['model', 'errors', 'util', 'vendors'],
  provider: ['model', 'paging', 'wait', 'http', 'vendors', 'errors', 'util'],
  registry: ['provider', 'vendors', 'errors', 'model'],
  testing: ['vendors'],
  '.': ['*'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function folderOf(file: string): string {
  const parts = relative(SRC, file).split('/');
  return parts.length > 1 ? (parts[0] as string) : '.';
}

describe('core layering', () => {
  const files = sourceFiles(SRC);

  it('knows every folder of src/', () => {
    const folders = new Set(files.map(folderOf));
    expect([...folders].filter((folder) => !(folder in ALLOWED))).toEqual([]);
  });

  it.each(files.map((file) => [relative(SRC, file), file]))('%s imports only the layers below it', (_name, file) => {
    const from = folderOf(file);
    const allowed = ALLOWED[from] ?? [];
    if (allowed.includes('*')) return;
    const text = readFileSync(file, 'utf8');
    const wrong: string[] = [];
    for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const target = folderOf(resolve(dirname(file), match[1] as string));
      if (target !== from && !allowed.includes(target)) wrong.push(`${from} → ${target} (${match[1]})`);
    }
    expect(wrong).toEqual([]);
  });
});
