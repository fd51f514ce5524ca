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
 * Variables of at most this many values are updated by one JavaScript pass over all of them
 * (see {@link Optimizer}); larger ones by TF.js ops, where the backend's kernels pay.
 */
export const FUSED_UPDATE_MAX_SIZE = 1 << 16;

const f32 = Math.fround;

/**
 * Adam or SGD over a fixed list of variables, with state that round-trips exactly.
 *
 * Why not tf.train.adam: its bias-correction accumulators are rebuilt as pow(beta, t) on
 * setWeights, which differs in the last bits from the running product, so a resumed run would
 * drift from an uninterrupted one. Here the bias correction is computed from the step count in
 * double precision, which is the same whether or not the run was interrupted.
 *
 * Small variables (at most {@link FUSED_UPDATE_MAX_SIZE} values: a quantum student's, LeNet-5's)
 * are updated in one JavaScript pass over all of them, with their slots kept as Float32Arrays:
 * TF.js would dispatch about 11 ops per variable for Adam, which costs more than the arithmetic
 * at these sizes. The pass rounds every operation to float32 in the order the TF.js ops do
 * (`Math.fround` after each multiply, add, divide and square root, all correctly rounded in
 * both), so both paths give bit-identical weights; the tests hold them against each other.
 */
export class Optimizer {
  readonly options: Required<OptimizerOptions>;
  private lr: number;
  private step = 0;
  /** Per variable: slot tensors (TF.js path) or slot arrays (fused path). */
  private slots: Array<tf.Variable[] | Float32Array[]> = [];
  private readonly fused: boolean[];

  constructor(private readonly variables: readonly tf.Variable[], options: OptimizerOptions, fusedMaxSize = FUSED_UPDATE_MAX_SIZE) {
    if (!(options.learningRate > 0) || !Number.isFinite(options.learningRate)) {
      throw new ValidationError({ what: `learningRate is ${describeValue(options.learningRate)}`, why: 'it must be a positive finite number', fix: 'Use e.g. 1e-3 for Adam or 0.05 for SGD' });
    }
    this.options = { momentum: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, ...options };
    this.lr = options.learningRate;
    const nSlots = options.kind === 'adam' ? 2 : this.options.momentum > 0 ? 1 : 0;
    this.fused = variables.map((v) => v.dtype === 'float32' && v.size <= fusedMaxSize);
    this.slots = variables.map((v, i) =>
      this.fused[i] ? Array.from({ length: nSlots }, () => new Float32Array(v.size)) : Array.from({ length: nSlots }, () => tf.tidy(() => tf.variable(tf.zerosLike(v), false))),
    );
  }

  /** Applies one update with `grads` (same order as the variables). */
  apply(grads: readonly tf.Tensor[]): void {
    this.step++;
    const { kind } = this.options;
    const t = this.step;
    // Bias-corrected step size (Kingma & Ba, sec. 2), computed in double precision.
    const lrT = kind === 'adam' ? (this.lr * Math.sqrt(1 - this.options.beta2 ** t)) / (1 - this.options.beta1 ** t) : this.lr;
    tf.tidy(() => {
      this.variables.forEach((v, i) => {
        const g = grads[i] as tf.Tensor;
        if (this.fused[i]) {
          const w = (v.dataSync() as Float32Array).slice();
          this.updateFused(w, g.dataSync() as Float32Array, this.slots[i] as Float32Array[], lrT);
          v.assign(tf.tensor(w, v.shape, 'float32'));
        } else {
          this.updateOps(v, g, this.slots[i] as tf.Variable[], lrT);
        }
      });
    });
  }

  /** The update as TF.js ops (large variables). */
  private updateOps(v: tf.Variable, g: tf.Tensor, s: tf.Variable[], lrT: number): void {
    const { kind, momentum, beta1, beta2, epsilon } = this.options;
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
  }

  /** The same update in one pass, every operation rounded to float32 as the TF.js op is (scalars too: TF.js makes them float32 tensors). */
  private updateFused(w: Float32Array, g: Float32Array, s: Float32Array[], lrT: number): void {
    const { kind, momentum, beta1, beta2, epsilon } = this.options;
    const lr = f32(lrT);
    const n = w.length;
    if (kind === 'adam') {
      const m = s[0] as Float32Array, vv = s[1] as Float32Array;
      const b1 = f32(beta1), c1 = f32(1 - beta1), b2 = f32(beta2), c2 = f32(1 - beta2), eps = f32(epsilon);
      for (let i = 0; i < n; i++) {
        const gi = g[i] as number;
        const mi = f32(f32((m[i] as number) * b1) + f32(gi * c1));
        const vi = f32(f32((vv[i] as number) * b2) + f32(f32(gi * gi) * c2));
        m[i] = mi;
        vv[i] = vi;
        w[i] = f32((w[i] as number) - f32(f32(mi / f32(f32(Math.sqrt(vi)) + eps)) * lr));
      }
    } else if (s.length > 0) {
      const vel = s[0] as Float32Array;
      const mu = f32(momentum);
      for (let i = 0; i < n; i++) {
        const vi = f32(f32((vel[i] as number) * mu) + (g[i] as number));
        vel[i] = vi;
        w[i] = f32((w[i] as number) - f32(vi * lr));
      }
    } else {
      for (let i = 0; i < n; i++) w[i] = f32((w[i] as number) - f32((g[i] as number) * lr));
    }
  }

  /** A copy of the state (for checkpoints). */
  getState(): OptimizerState {
    return { kind: this.options.kind, step: this.step, slots: this.slots.map((s) => s.map((t) => (t instanceof Float32Array ? t.slice() : (t.dataSync().slice() as Float32Array)))) };
  }

  /** Restores a state written by {@link getState}; shapes must match the variables. */
  setState(state: OptimizerState): void {
    if (state.kind !== this.options.kind || state.slots.length !== this.slots.length) {
      throw new ValidationError({ what: `optimizer state is for ${state.kind} with ${state.slots.length} variables`, why: `this run uses ${this.options.kind} with ${this.slots.length} variables`, fix: 'Resume with the same optimizer and model, or start without resume' });
    }
    state.slots.forEach((s, i) => {
      const mine = this.slots[i] as Array<tf.Variable | Float32Array>;
      if (s.length !== mine.length) throw new ValidationError({ what: `optimizer state has ${s.length} slots for variable ${i}`, why: `expected ${mine.length}` });
      s.forEach((data, j) => {
        const v = mine[j] as tf.Variable | Float32Array;
        const size = v instanceof Float32Array ? v.length : v.size;
        if (data.length !== size) throw new ValidationError({ what: `optimizer slot ${i}.${j} has ${data.length} values`, why: `the variable has ${size}` });
        if (v instanceof Float32Array) v.set(data);
        else tf.tidy(() => v.assign(tf.tensor(data, v.shape, 'float32')));
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
    for (const s of this.slots) for (const v of s) if (!(v instanceof Float32Array)) v.dispose();
    this.slots = [];
  }
}
