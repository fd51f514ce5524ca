import * as tf from '@tensorflow/tfjs-core';
import { ValidationError, describeValue } from '@hqml/core';
import type { TrainableNet } from '../training/trainLoop.js';
import { firstNonFinite } from '../training/validate.js';

/**
 * Logits of `count` flattened samples through `net.forward` in batches of `batchSize`, after
 * validating the count, the length and finiteness of `x`. Shared by every ClassicalModel built on
 * a {@link TrainableNet} (classical models and quantum students), so they check inputs alike.
 */
export function batchedLogits(net: Pick<TrainableNet, 'forward' | 'inputShape' | 'outputSize'>, name: string, x: Float32Array, count: number, batchSize: number): Float32Array {
  const per = net.inputShape.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(count) || count < 0) throw new ValidationError({ what: `logits: count is ${describeValue(count)}`, why: 'it must be a non-negative integer' });
  if (x.length !== count * per) {
    throw new ValidationError({ what: `logits: x has ${x.length} values for count ${count}`, why: `${name} expects count x ${per} values (samples of shape ${describeValue(net.inputShape)}, row-major)`, fix: 'Pass the samples flattened in HWC order, with count = number of samples' });
  }
  const bad = firstNonFinite(x);
  if (bad >= 0) throw new ValidationError({ what: `logits: x[${bad}] (sample ${Math.floor(bad / per)}) is ${x[bad]}`, why: 'inputs must be finite numbers', fix: 'Clean the inputs' });
  const out = new Float32Array(count * net.outputSize);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const data = tf.tidy(() => net.forward(tf.tensor(x.subarray(start * per, (start + n) * per), [n, ...net.inputShape]), false).dataSync());
    out.set(data, start * net.outputSize);
  }
  return out;
}
