/**
 * Tables as people meet them (issue 14): fitted to the terminal's width, never wider than 80 columns on an
 * 80-column terminal, with ids whole; piped output and `--json` keep every character; a vendor term is shown
 * only where it says more than the shared one (`active`, never `active ()` or `running (running)`).
 */
import {
  buildErrorReport,
  describeTask,
  formatErrorText,
  type ReleaseReport,
  renderReleaseReport,
  runCli,
} from '@omnihost/cli';
import { type ProviderConfig, type Task, TaskFailedError } from '@omnihost/core';
import type { VendorSimulator } from '@omnihost/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth, layoutTable } from '../../packages/cli/src/output/layout.js';
import { HARNESSES } from '../contract/vendors.js';
import { testIo } from './in-process-io.js';
import { envForConfig } from './spawn-cli.js';

const widest = (text: string) => Math.max(...text.split('\n').map(displayWidth));

describe.each(HARNESSES.map((harness) => [harness.vendor, harness] as const))('%s tables', (vendor, { start }) => {
  let sim: VendorSimulator<ProviderConfig>;
  let env: Record<string, string>;
  let sites: { id: string; url?: string; environment: string }[];

  beforeAll(async () => {
    sim = await start({ seed: 14 });
    env = envForConfig(sim.config);
    const listed = testIo(env);
    expect(await runCli(['--json', 'sites', 'list'], listed), listed.err()).toBe(0);
    sites = JSON.parse(listed.out()) as typeof sites;
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('fit an 80-column terminal, ids whole; piped output and --json keep the full text', async () => {
    const tty = testIo(env, { tty: true, columns: 80 });
    expect(await runCli(['sites', 'list'], tty), tty.err()).toBe(0);
    expect(widest(tty.out())).toBeLessThanOrEqual(80);
    for (const site of sites) expect(tty.out()).toContain(site.id);

    const longest = sites.reduce((a, b) => ((b.url ?? '').length > (a.url ?? '').length ? b : a));
    const record = testIo(env, { tty: true, columns: 80 });
    expect(await runCli(['sites', 'get', longest.id], record), record.err()).toBe(0);
    expect(widest(record.out())).toBeLessThanOrEqual(80);
    expect(record.out().replace(/[│\s]/g, '')).toContain((longest.url ?? '').replace(/\s/g, ''));

    const piped = testIo(env);
    expect(await runCli(['sites', 'list'], piped)).toBe(0);
    for (const site of sites) if (site.url) expect(piped.out()).toContain(site.url);
    expect(piped.err()).toBe('');
    const json = testIo(env, { tty: true, columns: 80 });
    expect(await runCli(['sites', 'list', '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toEqual(sites);

    const prod = sites.find((site) => site.environment === 'prod') ?? sites[0]!;
    const backups = testIo(env, { tty: true, columns: 80 });
    const code = await runCli(['backups', 'list', prod.id], backups);
    expect([0, 14], backups.err()).toContain(code);
    if (code === 0) expect(widest(backups.out())).toBeLessThanOrEqual(80);
  });

  it(`show the vendor's term only where it says more: never "()" or "running (running)"`, async () => {
    for (const columns of [undefined, 200]) {
      const io = testIo(env, { tty: columns !== undefined, columns });
      expect(await runCli(['sites', 'list'], io)).toBe(0);
      expect(io.out()).not.toContain('()');
      expect(io.out()).not.toMatch(/\b(\w+) \(\1\)/i);
    }
    if (vendor === 'cloud66') {
      const history = testIo(env, { tty: true, columns: 80 });
      expect(await runCli(['deploys', 'list', sites[0]!.id], history), history.err()).toBe(0);
      expect(widest(history.out())).toBeLessThanOrEqual(80);
    }
  });
});

describe('layoutTable', () => {
  const columns = [
    { header: 'id', keep: true },
    { header: 'name', minWidth: 6 },
    { header: 'environment', shortHeader: 'env', minWidth: 4 },
    { header: 'url', hideOrder: 1 },
  ];
  const rows = [
    ['site-0001', 'A rather long site name', { text: 'staging (test)', short: 'staging' }, 'https://example.com/a/b'],
  ];

  it('is drawn at its natural width when there is no terminal width', () => {
    const { text, hidden } = layoutTable(columns, rows, { color: false });
    expect(text).toContain('A rather long site name');
    expect(text).toContain('staging (test)');
    expect(hidden).toEqual([]);
  });

  it('uses short forms first, then cuts with …, then hides columns by order, never cutting a kept column', () => {
    const short = layoutTable(columns, rows, { color: false, width: 77 });
    expect(widest(short.text)).toBeLessThanOrEqual(77);
    expect(short.text).toContain('│ staging ');
    expect(short.text).toContain('A rather long site name');

    const narrow = layoutTable(columns, rows, { color: false, width: 40 });
    expect(widest(narrow.text)).toBeLessThanOrEqual(40);
    expect(narrow.hidden).toEqual(['url']);
    expect(narrow.text).toContain('site-0001');
    expect(narrow.text).toContain('…');

    const tiny = layoutTable(columns, rows, { color: false, width: 10 });
    expect(tiny.text).toContain('site-0001');
  });

  it('wraps instead of cutting where asked, and keeps vendor text from driving the terminal', () => {
    const wrapped = layoutTable(
      [{ header: 'field', keep: true }, { header: 'value' }],
      [['url', 'https://example.com/a/very/long/path']],
      {
        color: false,
        width: 24,
        wrap: true,
      },
    );
    expect(widest(wrapped.text)).toBeLessThanOrEqual(24);
    expect(wrapped.text.replace(/[│\s]/g, '')).toContain('https://example.com/a/very/long/path');
    expect(wrapped.text).not.toContain('…');

    const hostile = layoutTable([{ header: 'name' }], [['evil\u001b]0;pwned\u0007\u001b[2Jname\nsecond line']], {
      color: false,
    });
    expect(hostile.text).not.toContain('\u001b');
    expect(hostile.text).not.toContain('\u0007');
    expect(hostile.text.split('\n')).toHaveLength(4);
  });
});

describe('task states in words', () => {
  const task = (state: Task['state'], rawStatus: string): Task => ({
    vendor: 'onapp',
    id: '7',
    state,
    rawStatus,
    raw: {},
  });

  it('progress lines and errors name the vendor status only when it differs from the state', () => {
    expect(describeTask(task('running', 'running'))).toBe('running');
    expect(describeTask({ ...task('running', 'in-progress'), progress: 40 })).toBe('running 40% (in-progress)');
    const same = new TaskFailedError(task('failed', 'failed'));
    expect(formatErrorText(buildErrorReport(same, []), same)).toContain('  task 7: failed');
    expect(formatErrorText(buildErrorReport(same, []), same)).not.toContain('vendor status failed');
    const differs = new TaskFailedError(task('failed', '32'));
    expect(formatErrorText(buildErrorReport(differs, []), differs)).toContain('task 7: failed (vendor status 32)');
  });
});

describe("the demo's summary", () => {
  it('wraps to an 80-column terminal, and keeps its natural width elsewhere', () => {
    const report: ReleaseReport = {
      vendor: 'sitefactory',
      sites: 12,
      prodSites: 6,
      stagingSites: 3,
      backups: { succeeded: 5, failed: 1, unsupported: 0 },
      deploys: { succeeded: 1, failed: 0, sitesCovered: 3, sitesSkipped: 0 },
      tasks: { succeeded: 6, failed: 1 },
      failures: [],
      apiCalls: 43,
      throttled: 0,
      retries: 0,
      elapsedMs: 8_700,
      unsupported: [],
      skipped: [],
    };
    const reports: ReleaseReport[] = [
      { ...report, vendor: 'acquia' },
      report,
      { ...report, vendor: 'cloud66', backups: { succeeded: 0, failed: 0, unsupported: 3 } },
      { ...report, vendor: 'onapp' },
    ];
    const narrow = renderReleaseReport(reports, { color: false, width: 80 });
    expect(widest(narrow)).toBeLessThanOrEqual(80);
    // A row per figure, a column per vendor, wrapped at words.
    expect(narrow).toMatch(/│ +│ acquia +│ sitefactory +│ cloud66 +│ onapp +│/);
    expect(narrow).toMatch(/│ deploys ok\/failed +│ 1\/0 \(3 +│/);
    expect(narrow).toMatch(/│ n\/a +│[\s\S]*│ \(scheduled +│[\s\S]*│ only\) +│/);
    const natural = renderReleaseReport(reports, { color: false });
    expect(widest(natural)).toBeGreaterThan(80);
    expect(natural).toMatch(/│ vendor +│ sites \(prod\/staging\) +│/);
  });
});
