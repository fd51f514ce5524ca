import { ValidationError, describeValue } from '../errors.js';

/** Metrics of one epoch. */
export interface EpochRecord {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly samplesPerSecond?: number;
  readonly seconds?: number;
  readonly [metric: string]: number | undefined;
}

/**
 * The immutable record of a training run: one entry per epoch, plus the run's metadata.
 * `best()` selects on validation metrics only, so that the test set is never used for selection.
 */
export class TrainingHistory {
  readonly epochs: readonly EpochRecord[];
  readonly meta: Readonly<Record<string, unknown>>;

  constructor(epochs: readonly EpochRecord[], meta: Record<string, unknown> = {}) {
    epochs.forEach((e, i) => {
      if (!Number.isInteger(e.epoch)) throw new ValidationError({ what: `epoch record ${i} has epoch ${describeValue(e.epoch)}`, why: 'epochs are integers' });
    });
    this.epochs = Object.freeze(epochs.map((e) => Object.freeze({ ...e })));
    this.meta = Object.freeze({ ...meta });
    Object.freeze(this);
  }

  /** A new history with one more epoch. */
  append(record: EpochRecord): TrainingHistory {
    return new TrainingHistory([...this.epochs, record], { ...this.meta });
  }

  /** The last epoch, if any. */
  get last(): EpochRecord | undefined {
    return this.epochs[this.epochs.length - 1];
  }

  /**
   * The epoch with the best value of a validation metric (`valAccuracy` is maximised, `valLoss`
   * minimised); undefined when no epoch has it.
   */
  best(metric: 'valAccuracy' | 'valLoss' = 'valAccuracy'): EpochRecord | undefined {
    let best: EpochRecord | undefined;
    for (const e of this.epochs) {
      const v = e[metric];
      if (v === undefined || Number.isNaN(v)) continue;
      const b = best?.[metric];
      if (b === undefined || (metric === 'valAccuracy' ? v > b : v < b)) best = e;
    }
    return best;
  }

  toJSON(): { epochs: EpochRecord[]; meta: Record<string, unknown> } {
    return { epochs: this.epochs.map((e) => ({ ...e })), meta: { ...this.meta } };
  }

  static fromJSON(json: unknown): TrainingHistory {
    const j = json as { epochs?: unknown; meta?: unknown } | null;
    if (typeof j !== 'object' || j === null || !Array.isArray(j.epochs)) {
      throw new ValidationError({ what: `TrainingHistory.fromJSON got ${describeValue(json)}`, why: 'expected { epochs: [...], meta }' });
    }
    return new TrainingHistory(j.epochs as EpochRecord[], (j.meta ?? {}) as Record<string, unknown>);
  }
}
