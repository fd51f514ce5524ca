import cliProgress from 'cli-progress';

/** A per-epoch progress bar on stderr with samples/s and the running loss. */
export class ProgressBar {
  private readonly bar: cliProgress.SingleBar;
  private started = false;

  constructor(private readonly label: string) {
    this.bar = new cliProgress.SingleBar(
      {
        format: `${label} epoch {epoch} |{bar}| {value}/{total} samples | loss {loss} | {sps} samples/s`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  start(epoch: string, total: number): void {
    if (this.started) this.bar.stop();
    this.bar.start(total, 0, { epoch, loss: '-', sps: '-' });
    this.started = true;
  }

  update(done: number, loss: number, samplesPerSecond: number): void {
    this.bar.update(done, { loss: loss.toFixed(4), sps: Math.round(samplesPerSecond).toString() });
  }

  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}
