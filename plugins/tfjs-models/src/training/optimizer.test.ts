import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfjsBackend } from '../backend/tfjsBackend.js';
import { Rng } from '@hqml/core';
import { Optimizer } from './optimizer.js';

/** Updates checked against the textbook formulas evaluated in double precision. */
describe('Optimizer', () => {
  beforeAll(async () => {
    await initTfjsBackend({ backend: 'wasm' });
  });

  it('Adam matches Kingma & Ba with the bias correction folded into the step size', async () => {
    const v = tf.variable(tf.tensor1d([1, -2, 3]));
    const opt = new Optimizer([v], { kind: 'adam', learningRate: 0.1 });
    const grads = [[0.5, -1, 2], [0.1, 0.3, -0.2], [1, 1, 1]];
    const p = [1, -2, 3];
    const m = [0, 0, 0];
    const s = [0, 0, 0];
    grads.forEach((g, t) => {
      opt.apply([tf.tensor1d(g)]);
      for (let i = 0; i < 3; i++) {
        m[i] = 0.9 * (m[i] as number) + 0.1 * (g[i] as number);
        s[i] = 0.999 * (s[i] as number) + 0.001 * (g[i] as number) ** 2;
        const lrT = (0.1 * Math.sqrt(1 - 0.999 ** (t + 1))) / (1 - 0.9 ** (t + 1));
        p[i] = (p[i] as number) - (lrT * (m[i] as number)) / (Math.sqrt(s[i] as number) + 1e-7);
      }
    });
    const got = v.dataSync();
    p.forEach((x, i) => expect(got[i]).toBeCloseTo(x, 5));
    // state round trip: a second optimizer continues identically
    const state = opt.getState();
    const w = tf.variable(tf.tensor1d(Array.from(got)));
    const opt2 = new Optimizer([w], { kind: 'adam', learningRate: 0.1 });
    opt2.setState(state);
    opt.apply([tf.tensor1d([0.2, 0.2, 0.2])]);
    opt2.apply([tf.tensor1d([0.2, 0.2, 0.2])]);
    expect(Array.from(w.dataSync())).toEqual(Array.from(v.dataSync()));
    opt.dispose();
    opt2.dispose();
  });

  it('SGD with momentum: v = mu v + g, p -= lr v', async () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const opt = new Optimizer([v], { kind: 'sgd', learningRate: 0.5, momentum: 0.9 });
    opt.apply([tf.tensor1d([1, -1])]);
    opt.apply([tf.tensor1d([1, -1])]);
    // velocities 1, 1.9; p = 1 - 0.5 * (1 + 1.9), 2 + 0.5 * (1 + 1.9)
    const got = v.dataSync();
    expect(got[0]).toBeCloseTo(1 - 0.5 * 2.9, 6);
    expect(got[1]).toBeCloseTo(2 + 0.5 * 2.9, 6);
    expect(() => new Optimizer([v], { kind: 'sgd', learningRate: -1 })).toThrow(/learningRate is -1/);
    // a new step size applies to the next update: velocity 0.9 * 1.9 + 1 = 2.71
    opt.setLearningRate(0.1);
    opt.apply([tf.tensor1d([1, -1])]);
    expect(v.dataSync()[0]).toBeCloseTo(1 - 0.5 * 2.9 - 0.1 * 2.71, 5);
    opt.dispose();
  });

  it.each([
    { kind: 'adam' as const, learningRate: 0.01 },
    { kind: 'adam' as const, learningRate: 3e-4, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 },
    { kind: 'sgd' as const, learningRate: 0.05, momentum: 0.9 },
    { kind: 'sgd' as const, learningRate: 0.05 },
  ])('the one-pass update of small variables is bit-identical to the TF.js ops ($kind, lr $learningRate)', (options) => {
    const rng = Rng.from(`fused-${options.kind}-${options.learningRate}`);
    const shapes = [[40, 16], [16], [3], [7, 5]];
    const init = shapes.map((sh) => Float32Array.from({ length: sh.reduce((a, b) => a * b, 1) }, () => rng.normal()));
    const make = () => init.map((a, i) => tf.variable(tf.tensor(a, shapes[i])));
    const [viaOps, viaPass] = [make(), make()];
    const ops = new Optimizer(viaOps, options, 0);
    const pass = new Optimizer(viaPass, options);
    for (let t = 0; t < 25; t++) {
      // gradients over many scales, zeros and signs, as training sees them
      const grads = shapes.map((sh) => tf.tensor(Float32Array.from({ length: sh.reduce((a, b) => a * b, 1) }, () => (rng.float() < 0.1 ? 0 : rng.normal() * 10 ** (rng.int(9) - 6))), sh));
      ops.apply(grads);
      pass.apply(grads);
      tf.dispose(grads);
    }
    viaOps.forEach((v, i) => expect(Array.from((viaPass[i] as tf.Variable).dataSync())).toEqual(Array.from(v.dataSync())));
    // and their states agree, so checkpoints written by either resume in the other
    expect(pass.getState()).toEqual(ops.getState());
    ops.dispose();
    pass.dispose();
    tf.dispose([...viaOps, ...viaPass]);
  });
});
