import { type ProgressSink, formatClock } from '@hqml/experiment';
import { type CellState, countStates } from './cellStates.js';

/** A cell the progress line can name. */
export interface ProgressCell {
  readonly id: string;
  readonly name: string;
  /** Training work (samples x epochs), for the ETA. */
  readonly work: number;
}

/**
 * The coordinator's aggregated progress: one line for the whole sweep (cells done, the running
 * ones with their epoch and worker, queued, waiting for teachers, retrying, failed, ETA). The
 * ETA is the remaining training work divided by the rate measured since this coordinator
 * started (finished cells plus the finished epochs of running ones), so it covers every worker.
 * On a terminal the line is rewritten; otherwise a line is written when the counts change, and
 * at least every `quietSeconds` while something runs.
 */
export class SweepProgress {
  private lastLength = 0;
  private lastKey = '';
  private lastWrite = 0;
  private readonly t0: number;
  private doneWork = 0;

  constructor(
    private readonly sink: ProgressSink,
    private readonly sweep: string,
    private readonly cells: ReadonlyMap<string, ProgressCell>,
    private readonly o: { now?: () => number; quietSeconds?: number } = {},
  ) {
    this.t0 = this.now();
  }

  private now(): number {
    return this.o.now ? this.o.now() : performance.now() / 1000;
  }

  /** A cell finished in this invocation (its work counts toward the rate). */
  finished(id: string): void {
    this.doneWork += this.cells.get(id)?.work ?? 0;
  }

  /** The line for the unfinished cells' states, with `done` of `total` cells finished. */
  line(states: ReadonlyMap<string, CellState>, done: number, total: number): string {
    const n = countStates(states.values());
    let partial = 0;
    let pendingWork = 0;
    const running: string[] = [];
    for (const [id, s] of states) {
      const cell = this.cells.get(id);
      if (s.state === 'completed' || s.state === 'failed') continue;
      pendingWork += cell?.work ?? 0;
      if (s.state === 'active') {
        const p = s.progress;
        if (p && p.epochs > 0) partial += ((cell?.work ?? 0) * p.epoch) / p.epochs;
        running.push(`${cell?.name ?? id}${p ? ` e${p.epoch}/${p.epochs}` : ''}${p?.worker ? ` @${p.worker}` : ''}`);
      }
    }
    const elapsed = this.now() - this.t0;
    const rate = (this.doneWork + partial) / Math.max(elapsed, 1e-9);
    const eta = rate > 0 ? formatClock((pendingWork - partial) / rate) : '?';
    const parts = [`sweep ${this.sweep}: ${done}/${total} cells done`];
    if (running.length) parts.push(`${running.length} running: ${running.slice(0, 3).join(', ')}${running.length > 3 ? ', ...' : ''}`);
    if (n.queued) parts.push(`${n.queued} queued`);
    if (n['waiting-teacher']) parts.push(`${n['waiting-teacher']} waiting for teachers`);
    if (n.retrying) parts.push(`${n.retrying} retrying`);
    if (n.failed) parts.push(`${n.failed} failed`);
    if (n.missing) parts.push(`${n.missing} not in Redis`);
    parts.push(`ETA ${eta}`);
    return parts.join(' | ');
  }

  /** Shows the line (see the class comment for when). */
  show(text: string): void {
    const now = this.now();
    if (this.sink.isTTY) {
      this.sink.write(`\r${text.padEnd(this.lastLength)}`);
      this.lastLength = text.length;
      return;
    }
    const key = text.replace(/ \| ETA .*$/, '').replace(/ e\d+\/\d+/g, '');
    if (key !== this.lastKey || now - this.lastWrite >= (this.o.quietSeconds ?? 60)) {
      this.sink.write(`${text}\n`);
      this.lastKey = key;
      this.lastWrite = now;
    }
  }

  /** A line of status text that stays on screen. */
  note(text: string): void {
    this.clear();
    this.sink.write(`${text}\n`);
  }

  /** Ends the rewritten line (TTY). */
  clear(): void {
    if (this.sink.isTTY && this.lastLength > 0) {
      this.sink.write(`\r${' '.repeat(this.lastLength)}\r`);
      this.lastLength = 0;
    }
  }
}
