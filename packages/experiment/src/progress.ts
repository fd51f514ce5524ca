/** Where progress goes: a stream-like writer (stderr by default) and whether it is a terminal. */
export interface ProgressSink {
  write(text: string): void;
  readonly isTTY: boolean;
}

/** A duration as `m:ss` or `h:mm:ss` (`?` when unknown), as progress lines show ETAs. */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

/**
 * The run's progress line: cell i/n, its name, epoch, samples/s and the ETA of the whole run.
 * The ETA is the remaining training work (samples x epochs of every unfinished cell) divided
 * by the throughput measured so far in this process, so it improves as cells finish. Time is
 * measured wall clock between progress calls, so validation, test evaluation and building the
 * next student count too; a gap longer than `maxGapSeconds` (a teacher being trained) counts
 * only as the epoch's own seconds.
 */
export class ProgressDisplay {
  private readonly sink: ProgressSink;
  private workDone = 0;
  private secondsSpent = 0;
  private remainingWork: number;
  private lastLength = 0;
  private lastCall: number | undefined;
  private readonly now: () => number;
  private readonly maxGapSeconds: number;

  constructor(sink: ProgressSink, totalWork: number, options: { now?: () => number; maxGapSeconds?: number } = {}) {
    this.sink = sink;
    this.remainingWork = totalWork;
    this.now = options.now ?? (() => performance.now() / 1000);
    this.maxGapSeconds = options.maxGapSeconds ?? 60;
  }

  /** One epoch of a cell finished: `samples` training samples in `seconds` (validation included). */
  epoch(cell: { index: number; total: number; name: string }, epoch: number, epochs: number, samples: number, seconds: number, samplesPerSecond: number | undefined): void {
    const now = this.now();
    const gap = this.lastCall === undefined ? seconds : now - this.lastCall;
    this.lastCall = now;
    this.workDone += samples;
    this.secondsSpent += gap > this.maxGapSeconds ? seconds : Math.max(gap, seconds);
    this.remainingWork = Math.max(0, this.remainingWork - samples);
    const rate = this.workDone / Math.max(this.secondsSpent, 1e-9);
    const sps = samplesPerSecond ?? samples / Math.max(seconds, 1e-9);
    this.line(`cell ${cell.index}/${cell.total} ${cell.name} | epoch ${epoch}/${epochs} | ${Math.round(sps)} samples/s | ETA ${formatClock(this.remainingWork / rate)}`);
  }

  /** A cell whose work will not be done (found finished, or failed): its samples leave the estimate. */
  skip(work: number): void {
    this.remainingWork = Math.max(0, this.remainingWork - work);
  }

  /** A line of status text that stays on screen. */
  note(text: string): void {
    this.clear();
    this.sink.write(`${text}\n`);
  }

  private line(text: string): void {
    if (this.sink.isTTY) {
      this.sink.write(`\r${text.padEnd(this.lastLength)}`);
      this.lastLength = text.length;
    } else {
      this.sink.write(`${text}\n`);
    }
  }

  /** Ends the rewritten line (TTY). */
  clear(): void {
    if (this.sink.isTTY && this.lastLength > 0) {
      this.sink.write(`\r${' '.repeat(this.lastLength)}\r`);
      this.lastLength = 0;
    }
  }
}
