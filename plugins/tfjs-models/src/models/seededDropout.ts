import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';

type Kwargs = { training?: boolean };

/** Config of {@link SeededDropout}. */
export interface SeededDropoutConfig {
  readonly rate: number;
  readonly name?: string;
}

/**
 * Dropout whose mask is a function of a per-step seed set by the training loop. tfjs-layers'
 * own Dropout either draws from Math.random (not reproducible) or, given a seed, reuses the same
 * mask on every step; the trainer instead derives one seed per (run seed, epoch, batch), so a run
 * and its resumption draw the same masks.
 */
export class SeededDropout extends layers.Layer {
  static readonly className = 'HqmlSeededDropout';
  readonly rate: number;
  /** Seed of the mask for the next training step (set by the trainer). */
  stepSeed = 0;

  constructor(config: SeededDropoutConfig) {
    super(config.name === undefined ? {} : { name: config.name });
    if (!(config.rate >= 0 && config.rate < 1)) throw new Error(`SeededDropout rate must be in [0, 1), got ${config.rate}`);
    this.rate = config.rate;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    if (!kwargs['training'] || this.rate === 0) return x;
    return tf.tidy(() => {
      const keep = tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', this.stepSeed), this.rate);
      return tf.mul(x, tf.mul(tf.cast(keep, 'float32'), 1 / (1 - this.rate)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}
tf.serialization.registerClass(SeededDropout);
