import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { initTfjsBackend } from '@hqml/tfjs-models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnnealerClassifier } from './annealerClassifier.js';
import { annealerSpec, scheduleSize } from './annealerSpec.js';
import { distanceCeLoss } from './distanceCeLoss.js';
import { buildEvolutionCircuit } from './evolutionCircuit.js';
import { evolvedStates } from './stateOp.js';
import { expectCentralDifferences } from './test/centralDifferences.js';

const backend = new StatevectorBackend({ threads: 1 });
beforeAll(async () => {
  await initTfjsBackend({ backend: 'cpu' });
});
afterAll(() => backend.dispose());

/** Float64 reference with explicit loops over samples, classes and members (no matrix algebra). */
function reference(re: ArrayLike<number>, im: ArrayLike<number>, D: number, labels: readonly number[], C: number, tau: number): number {
  const B = labels.length;
  const fid = (i: number, j: number): number => {
    let sr = 0, si = 0;
    for (let k = 0; k < D; k++) {
      const ar = re[i * D + k]!, ai = im[i * D + k]!, br = re[j * D + k]!, bi = im[j * D + k]!;
      sr += ar * br + ai * bi;
      si += ar * bi - ai * br;
    }
    return sr * sr + si * si;
  };
  const members = (c: number): number[] => labels.flatMap((l, i) => (l === c ? [i] : []));
  const purity = (c: number): number => {
    const m = members(c);
    let s = 0;
    for (const j of m) for (const k of m) if (j !== k) s += fid(j, k);
    return s / (m.length * (m.length - 1));
  };
  let total = 0, used = 0;
  for (let i = 0; i < B; i++) {
    const logits: number[] = [];
    let own = Number.NaN;
    for (let c = 0; c < C; c++) {
      const m = members(c).filter((j) => j !== i);
      if (members(c).length < 2 || m.length === 0) continue;
      const f = m.reduce((s, j) => s + fid(i, j), 0) / m.length;
      const z = -(1 + purity(c) - 2 * f) / tau;
      if (c === labels[i]) own = z;
      logits.push(z);
    }
    if (Number.isNaN(own)) continue;
    const mx = Math.max(...logits);
    total += -(own - mx - Math.log(logits.reduce((s, z) => s + Math.exp(z - mx), 0)));
    used++;
  }
  return total / used;
}

describe('distance-ce objective', () => {
  it('hand-computed: two pure orthogonal classes give log(1 + exp(-2 / tau))', () => {
    // class 0 = |0>, |0>; class 1 = |1>, |1> (dim 2): d_own = 0, d_other = 1 + 1 - 0 = 2
    const states = tf.tensor2d([[1, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0]]);
    const tau = 0.5;
    const got = distanceCeLoss(states, tf.tensor1d([0, 0, 1, 1], 'int32'), 2, tau).dataSync()[0]!;
    expect(got).toBeCloseTo(Math.log(1 + Math.exp(-2 / tau)), 6);
  });

  it('matches a loop-based float64 reference on random states, with a singleton class and an absent class', () => {
    const r = Rng.from(3);
    const B = 9, D = 8, C = 4;
    const labels = [0, 1, 0, 2, 1, 0, 1, 2, 0]; // class 3 absent; class 2 has two members
    const re = Float64Array.from({ length: B * D }, () => r.normal());
    const im = Float64Array.from({ length: B * D }, () => r.normal());
    for (let b = 0; b < B; b++) {
      let n = 0;
      for (let k = 0; k < D; k++) n += re[b * D + k]! ** 2 + im[b * D + k]! ** 2;
      for (let k = 0; k < D; k++) {
        re[b * D + k]! /= Math.sqrt(n);
        im[b * D + k]! /= Math.sqrt(n);
      }
    }
    const packed = new Float32Array(B * 2 * D);
    for (let b = 0; b < B; b++) for (let k = 0; k < D; k++) {
      packed[b * 2 * D + k] = re[b * D + k]!;
      packed[b * 2 * D + D + k] = im[b * D + k]!;
    }
    for (const tau of [0.1, 1]) {
      const got = distanceCeLoss(tf.tensor2d(packed, [B, 2 * D]), tf.tensor1d(labels, 'int32'), C, tau).dataSync()[0]!;
      expect(got).toBeCloseTo(reference(re, im, D, labels, C, tau), 4);
    }
    // a singleton class gives no logit and its sample is left out
    const single = [0, 1, 0, 3, 1, 0, 1, 2, 0];
    const got = distanceCeLoss(tf.tensor2d(packed, [B, 2 * D]), tf.tensor1d(single, 'int32'), C, 0.3).dataSync()[0]!;
    expect(got).toBeCloseTo(reference(re, im, D, single, C, 0.3), 4);
  });

  it('d loss / d schedules through the evolution = float64 central differences of the reference', () => {
    const spec = annealerSpec({ numQubits: 2, steps: 3, slices: 2, order: 2 });
    const circuit = buildEvolutionCircuit(spec);
    const S = scheduleSize(spec);
    const B = 8;
    const labels = [0, 1, 2, 0, 1, 2, 0, 1];
    const tau = 0.3;
    const r = Rng.from(5);
    const sched = Float64Array.from({ length: B * S }, () => 2 * r.float() - 1);
    const cost = (x: Float64Array): number => {
      const a = backend.amplitudes({ circuit, params: [], inputs: x });
      return reference(a.re, a.im, 4, labels, 3, tau);
    };
    const g = tf.grad((s: tf.Tensor) => distanceCeLoss(evolvedStates(backend, circuit, s as tf.Tensor2D), tf.tensor1d(labels, 'int32'), 3, tau));
    const got = g(tf.tensor2d(Float32Array.from(sched), [B, S])).dataSync();
    expectCentralDifferences(got, sched, cost, { abs: 5e-4, rel: 2e-3 });
  });

  it('fit validates the objective, decay and selection options before training', async () => {
    const clf = await AnnealerClassifier.create({ annealer: { numQubits: 2, steps: 2, slices: 1, order: 1 }, inputShape: [2, 2, 1], numClasses: 2, backend, backbone: 'mlp', hidden: [4], seed: 1 });
    const train = { x: new Float32Array(16), y: Int32Array.from([0, 1, 0, 1]), size: 4, shape: [2, 2, 1], classes: ['a', 'b'] };
    await expect(clf.fit(train, { epochs: 1, batchSize: 4, objective: { kind: 'distance-ce', temperature: 0 } })).rejects.toThrow(/temperature/);
    await expect(clf.fit(train, { epochs: 1, batchSize: 4, learningRateDecay: 1.5 })).rejects.toThrow(/learningRateDecay/);
    await expect(clf.fit(train, { epochs: 1, batchSize: 4, select: 'validation' })).rejects.toThrow(/validation/);
    clf.dispose();
  });
});
