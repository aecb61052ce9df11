import type { RunRecord, SiteResult } from '../engine/model.js';
import type { ProgressSnapshot } from '../engine/progress.js';

/** `3m10s`, `45s`, `1h02m`. @internal */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Columns as a fixed-width text table (no colours: it goes to files and pipes too). @internal */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  maxWidths?: readonly number[],
): string {
  const cut = (cell: string, index: number) => {
    const max = maxWidths?.[index];
    return max && cell.length > max ? `${cell.slice(0, Math.max(1, max - 1))}…` : cell;
  };
  const cells = [header, ...rows].map((row) => row.map((cell, index) => cut(cell, index)));
  const widths = header.map((_, index) => Math.max(...cells.map((row) => (row[index] ?? '').length)));
  return cells
    .map((row) =>
      row
        .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] as number)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The run's headline: id, status, where it is, rate and ETA. @internal */
export function describeRun(run: RunRecord, snapshot?: ProgressSnapshot): string {
  const steps = run.plan.steps.length;
  const stepText =
    run.step >= steps
      ? `all ${steps} steps done`
      : `step ${run.step + 1}/${steps}${
          run.plan.steps[run.step]?.waves && (run.plan.steps[run.step]?.waves?.length ?? 0) > 1
            ? ` wave ${run.wave < 0 ? '-' : run.wave + 1}/${run.plan.steps[run.step]?.waves?.length}`
            : ''
        }`;
  const rate = snapshot?.sitesPerMinute ? `  ${snapshot.sitesPerMinute.toFixed(0)} sites/min` : '';
  const eta = snapshot?.etaMs && run.status === 'running' ? `  ETA ${formatDuration(snapshot.etaMs)}` : '';
  const reason = run.reason ? `\n  ${run.reason}` : '';
  return `run ${run.id}  ${run.status}  ${stepText}${rate}${eta}${reason}`;
}

/** Per step and account: done, failed, running, skipped (what live progress and `status` print). @internal */
export function progressTable(snapshot: ProgressSnapshot): string {
  const rows: string[][] = [];
  for (const step of snapshot.steps) {
    const names = Object.keys(step.accounts).sort();
    for (const name of names) {
      const counts = step.accounts[name];
      if (!counts) continue;
      const done = counts.succeeded + counts.failed + counts.unknown + counts.cancelled;
      rows.push([
        `${step.index + 1}. ${step.name}`,
        name,
        `${done}/${counts.targets}`,
        String(counts.succeeded),
        String(counts.failed + counts.unknown),
        String(counts.skipped),
      ]);
    }
    rows.push([
      `${step.index + 1}. ${step.name}`,
      '(all)',
      `${step.counts.done}/${step.counts.targets}`,
      String(step.counts.succeeded),
      String(step.counts.failed + step.counts.unknown),
      String(step.counts.skipped),
    ]);
    if (step.running > 0) (rows[rows.length - 1] as string[]).push(`${step.running} running`);
  }
  return textTable(['step', 'account', 'done', 'ok', 'failed', 'skipped', ''], rows);
}

/** A run's report as a table: per site the outcome, task id, backup or deploy id and the vendor's message. @internal */
export function reportTable(results: readonly SiteResult[], width = 160): string {
  const rows = results.map((result) => [
    String(result.step + 1),
    result.account,
    result.siteId ? `${result.siteName} (${result.siteId})` : result.siteName,
    result.outcome,
    result.taskId ?? '',
    result.resultId ?? '',
    result.error && result.outcome !== 'succeeded'
      ? `${result.error}: ${result.message ?? ''}`
      : (result.message ?? ''),
  ]);
  const fixed = 60;
  return textTable(['step', 'account', 'site', 'outcome', 'task', 'result', 'message'], rows, [
    4,
    24,
    40,
    9,
    40,
    40,
    Math.max(30, width - fixed),
  ]);
}

/** A one-line summary of results by outcome: `12 succeeded, 1 failed, 3 skipped`. @internal */
export function summarize(results: readonly SiteResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.outcome, (counts.get(result.outcome) ?? 0) + 1);
  const order = ['succeeded', 'failed', 'unknown', 'skipped', 'cancelled'];
  return order
    .filter((outcome) => counts.has(outcome))
    .map((outcome) => `${counts.get(outcome)} ${outcome}`)
    .join(', ');
}
