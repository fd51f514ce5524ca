import { DataError, type DataSplit, ValidationError } from '@hqml/core';

/** Per-channel mean and standard deviation (population) of a split. */
export interface ChannelStats {
  readonly mean: Float64Array;
  readonly std: Float64Array;
}

/** The per-channel mean and standard deviation of `split.x` (channels last, HWC). */
export function channelStats(split: DataSplit): ChannelStats {
  const c = split.shape[split.shape.length - 1] ?? 1;
  const sum = new Float64Array(c);
  const sq = new Float64Array(c);
  const x = split.x;
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    const ch = i % c;
    sum[ch] = (sum[ch] as number) + v;
    sq[ch] = (sq[ch] as number) + v * v;
  }
  const n = x.length / c;
  const mean = new Float64Array(c);
  const std = new Float64Array(c);
  for (let ch = 0; ch < c; ch++) {
    const m = (sum[ch] as number) / n;
    mean[ch] = m;
    std[ch] = Math.sqrt(Math.max(0, (sq[ch] as number) / n - m * m));
  }
  return { mean, std };
}

/**
 * Returns a copy of `split` with every channel shifted and scaled by `stats` (use the statistics
 * of the training split for every split, so that no information leaks from test data).
 */
export function standardize(split: DataSplit, stats: ChannelStats): DataSplit {
  const c = split.shape[split.shape.length - 1] ?? 1;
  if (stats.mean.length !== c || stats.std.length !== c) {
    throw new ValidationError({ what: `stats have ${stats.mean.length} channel(s)`, why: `the split has ${c} channel(s) (last entry of shape ${JSON.stringify(split.shape)})`, fix: 'Compute the statistics on a split of the same data set and transforms' });
  }
  for (let ch = 0; ch < c; ch++) {
    if (!((stats.std[ch] as number) > 0)) {
      throw new DataError({ what: `channel ${ch} has standard deviation ${stats.std[ch]}`, why: 'standardising divides by it', fix: 'Use a training split with more than one distinct value per channel, or skip standardisation' });
    }
  }
  const x = new Float32Array(split.x.length);
  for (let i = 0; i < x.length; i++) {
    const ch = i % c;
    x[i] = ((split.x[i] as number) - (stats.mean[ch] as number)) / (stats.std[ch] as number);
  }
  return { ...split, x };
}
