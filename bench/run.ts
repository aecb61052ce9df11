/**
 * `npm run bench`: runs every benchmark (or those named on the command line), prints one table and writes
 * `bench/results/latest.json`. Benchmarks compare omnihost with a baseline in the same process run;
 * no test asserts a time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Benchmark, BenchResult } from './lib/types.js';

const MODULES: Record<string, () => Promise<{ default: Benchmark }>> = {
  'call-overhead': () => import('./call-overhead.js'),
  'onapp-xml': () => import('./onapp-xml.js'),
  'rate-limit-efficiency': () => import('./rate-limit-efficiency.js'),
  fleet: () => import('./fleet.js'),
  'fleet-scale': () => import('./fleet-scale.js'),
  'paging-memory': () => import('./paging-memory.js'),
  polling: () => import('./polling.js'),
  import: () => import('./import-time.js'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(MODULES);
  const results: BenchResult[] = [];
  for (const name of names) {
    const load = MODULES[name];
    if (!load) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(MODULES).join(', ')}`);
    process.stderr.write(`running ${name}...\n`);
    const bench = (await load()).default;
    const rows = await bench.run();
    results.push(...rows);
    for (const row of rows) process.stderr.write(`  ${row.name}: ${format(row.value)} ${row.unit}\n`);
  }
  printTable(results);
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = wanted.length > 0 ? 'partial.tmp.json' : 'latest.json';
  writeFileSync(
    join(dir, file),
    `${JSON.stringify(
      results.map(({ met: _met, ...row }) => row),
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nwrote bench/results/${file}\n`);
}

function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(3);
}

function printTable(results: readonly BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    format(r.value),
    r.unit,
    r.met === undefined ? '' : r.met ? 'met' : 'MISSED',
    r.baseline,
  ]);
  const header = ['benchmark', 'value', 'unit', 'target', 'baseline'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i] as number)).join(' | ')} |`;
  process.stdout.write(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
  process.stdout.write('\nNotes:\n');
  for (const r of results) process.stdout.write(`- ${r.name}: ${r.notes}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
