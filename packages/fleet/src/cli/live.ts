import type { ProgressSnapshot } from '../engine/progress.js';
import { describeRun, progressTable } from './render.js';

/** Where the fleet commands write: a text stream, and whether a person watches it. @public */
export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
}

/**
 * Live progress: on a terminal, a block redrawn in place (per step and account: done, ok, failed, skipped,
 * running; sites per minute; ETA); elsewhere a line when the run moves on, at most every 10 s.
 * @internal
 */
export class LiveProgress {
  private lines = 0;
  private lastLineAt = 0;
  private lastHeadline = '';
  private finalWritten = false;

  constructor(
    private readonly stream: OutputStream,
    private readonly interactive = stream.isTTY === true && (stream.columns ?? 0) > 0,
  ) {}

  update(snapshot: ProgressSnapshot): void {
    const headline = describeRun(snapshot.run, snapshot);
    if (this.interactive) {
      const block = `${headline}\n${progressTable(snapshot)}\n`;
      // Up over the last block and clear to the end of the screen, then draw the new one.
      const clear = this.lines > 0 ? `\x1b[${this.lines}A\x1b[J` : '';
      this.stream.write(`${clear}${block}`);
      this.lines = block.split('\n').length - 1;
      return;
    }
    const now = Date.now();
    const summary = snapshot.steps
      .map(
        (step) =>
          `${step.name}: ${step.counts.done}/${step.counts.targets} done, ${step.counts.failed + step.counts.unknown} failed`,
      )
      .join('; ');
    const moved = headline !== this.lastHeadline;
    if (moved || now - this.lastLineAt >= 10_000 || (snapshot.finished && !this.finalWritten)) {
      this.stream.write(`${headline.split('\n')[0]}  ${summary}\n`);
      this.lastHeadline = headline;
      this.lastLineAt = now;
      if (snapshot.finished) this.finalWritten = true;
    }
  }

  /** Leaves the last block on screen; the next output starts below it. */
  stop(): void {
    this.lines = 0;
  }
}
