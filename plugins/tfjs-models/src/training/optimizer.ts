import * as tf from '@tensorflow/tfjs-core';
import { ValidationError, describeValue } from '@hqml/core';

/** Serializable optimizer state: the step count and the slot tensors per variable, in order. */
export interface OptimizerState {
  readonly kind: 'adam' | 'sgd';
  readonly step: number;
  /** Per variable: its slots (Adam: m, v; SGD with momentum: velocity). */
  readonly slots: readonly (readonly Float32Array[])[];
}

/** Options of {@link createOptimizer}. */
export interface OptimizerOptions {
  readonly kind: 'adam' | 'sgd';
  readonly learningRate: number;
  /** SGD momentum. Default 0. */
  readonly momentum?: number;
  /** Adam betas and epsilon (defaults 0.9, 0.999, 1e-7 as in TF.js/Keras). */
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/**
 * Adam or SGD over a fixed list of variables, with state that round-trips exactly.
 *
 * Why not tf.train.adam: its bias-correction accumulators are rebuilt as pow(beta, t) on
 * setWeights, which differs in the last bits from the running product, so a resumed run would
 * drift from an uninterrupted one. Here the bias correction is computed from the step count in
 * double precision, which is the same whether or not the run was interrupted.
 */
export class Optimizer {
  readonly options: Required<OptimizerOptions>;
  private lr: number;
  private step = 0;
  private slots: tf.Variable[][] = [];

  constructor(private readonly variables: readonly tf.Variable[], options: OptimizerOptions) {
    if (!(options.learningRate > 0) || !Number.isFinite(options.learningRate)) {
      throw new ValidationError({ what: `learningRate is ${describeValue(options.learningRate)}`, why: 'it must be a positive finite number', fix: 'Use e.g. 1e-3 for Adam or 0.05 for SGD' });
    }
    this.options = { momentum: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, ...options };
    this.lr = options.learningRate;
    const nSlots = options.kind === 'adam' ? 2 : this.options.momentum > 0 ? 1 : 0;
    this.slots = variables.map((v) => Array.from({ length: nSlots }, () => tf.tidy(() => tf.variable(tf.zerosLike(v), false))));
  }

  /** Applies one update with `grads` (same order as the variables). */
  apply(grads: readonly tf.Tensor[]): void {
    this.step++;
    const { kind, momentum, beta1, beta2, epsilon } = this.options;
    const lr = this.lr;
    const t = this.step;
    // Bias-corrected step size (Kingma & Ba, sec. 2), computed in double precision.
    const lrT = kind === 'adam' ? (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t) : lr;
    tf.tidy(() => {
      this.variables.forEach((v, i) => {
        const g = grads[i] as tf.Tensor;
        const s = this.slots[i] as tf.Variable[];
        if (kind === 'adam') {
          const m = s[0] as tf.Variable;
          const vv = s[1] as tf.Variable;
          m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
          vv.assign(tf.add(tf.mul(vv, beta2), tf.mul(tf.square(g), 1 - beta2)));
          v.assign(tf.sub(v, tf.mul(tf.div(m, tf.add(tf.sqrt(vv), epsilon)), lrT)));
        } else if (s.length > 0) {
          const vel = s[0] as tf.Variable;
          vel.assign(tf.add(tf.mul(vel, momentum), g));
          v.assign(tf.sub(v, tf.mul(vel, lrT)));
        } else {
          v.assign(tf.sub(v, tf.mul(g, lrT)));
        }
      });
    });
  }

  /** A copy of the state (for checkpoints). */
  getState(): OptimizerState {
    return { kind: this.options.kind, step: this.step, slots: this.slots.map((s) => s.map((t) => t.dataSync().slice() as Float32Array)) };
  }

  /** Restores a state written by {@link getState}; shapes must match the variables. */
  setState(state: OptimizerState): void {
    if (state.kind !== this.options.kind || state.slots.length !== this.slots.length) {
      throw new ValidationError({ what: `optimizer state is for ${state.kind} with ${state.slots.length} variables`, why: `this run uses ${this.options.kind} with ${this.slots.length} variables`, fix: 'Resume with the same optimizer and model, or start without resume' });
    }
    state.slots.forEach((s, i) => {
      const mine = this.slots[i] as tf.Variable[];
      if (s.length !== mine.length) throw new ValidationError({ what: `optimizer state has ${s.length} slots for variable ${i}`, why: `expected ${mine.length}` });
      s.forEach((data, j) => {
        const v = mine[j] as tf.Variable;
        if (data.length !== v.size) throw new ValidationError({ what: `optimizer slot ${i}.${j} has ${data.length} values`, why: `the variable has ${v.size}` });
        tf.tidy(() => v.assign(tf.tensor(data, v.shape, 'float32')));
      });
    });
    this.step = state.step;
  }

  /** Sets the step size for the following updates (learning-rate schedules). */
  setLearningRate(lr: number): void {
    if (!(lr > 0) || !Number.isFinite(lr)) throw new ValidationError({ what: `learning rate ${describeValue(lr)}`, why: 'it must be a positive finite number' });
    this.lr = lr;
  }

  /** Number of updates applied. */
  get steps(): number {
    return this.step;
  }

  dispose(): void {
    for (const s of this.slots) for (const v of s) v.dispose();
    this.slots = [];
  }
}
