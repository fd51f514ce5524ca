import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { initTfjsBackend } from '@hqml/tfjs-models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnnealerClassifier } from './annealerClassifier.js';
import { annealerSpec, scheduleSize } from './annealerSpec.js';
import { buildEvolutionCircuit } from './evolutionCircuit.js';
import { classTraces, hsCost, hsDistances, overlapMatrix } from './hilbertSchmidt.js';
import { HS_LOG_FLOOR, hsLoss } from './hsLoss.js';
import { evolvedStates } from './stateOp.js';
import { expectCentralDifferences } from './test/centralDifferences.js';

const backend = new StatevectorBackend({ threads: 1 });
beforeAll(async () => {
  await initTfjsBackend({ backend: 'cpu' });
});
afterAll(() => backend.dispose());

describe('gradients through the evolution and the Hilbert-Schmidt cost', () => {
  it('d cost / d schedules (state VJP inside tf.customGrad) = float64 central differences', () => {
    const spec = annealerSpec({ numQubits: 2, steps: 3, slices: 2, order: 2 });
    const circuit = buildEvolutionCircuit(spec);
    const S = scheduleSize(spec);
    const B = 7;
    const labels = [0, 1, 2, 0, 1, 2, 0];
    const r = Rng.from(4);
    const sched = Float64Array.from({ length: B * S }, () => 2 * r.float() - 1);
    const cost = (x: Float64Array): number => {
      const a = backend.amplitudes({ circuit, params: [], inputs: x });
      const st = { re: a.re, im: a.im, rows: B, dim: 4 };
      return hsCost(classTraces(overlapMatrix(st, st), labels, 3, true), 3);
    };
    const g = tf.grad((s: tf.Tensor) => hsLoss(evolvedStates(backend, circuit, s as tf.Tensor2D), tf.tensor1d(labels, 'int32'), 3));
    const got = g(tf.tensor2d(Float32Array.from(sched), [B, S])).dataSync();
    expectCentralDifferences(got, sched, cost, { abs: 2e-4, rel: 1e-3 });
  });

  it('the hs-log cost: d cost / d schedules = float64 central differences of -ln(D_hs/2 + 0.01) averaged over pairs', () => {
    const spec = annealerSpec({ numQubits: 2, steps: 3, slices: 2, order: 2 });
    const circuit = buildEvolutionCircuit(spec);
    const S = scheduleSize(spec);
    const B = 7;
    const labels = [0, 1, 2, 0, 1, 2, 0];
    const r = Rng.from(9);
    const sched = Float64Array.from({ length: B * S }, () => 2 * r.float() - 1);
    const cost = (x: Float64Array): number => {
      const a = backend.amplitudes({ circuit, params: [], inputs: x });
      const st = { re: a.re, im: a.im, rows: B, dim: 4 };
      const d = hsDistances(classTraces(overlapMatrix(st, st), labels, 3, false), 3);
      return [d[1]!, d[2]!, d[5]!].reduce((acc, v) => acc - Math.log(v / 2 + HS_LOG_FLOOR), 0) / 3;
    };
    const g = tf.grad((s: tf.Tensor) => hsLoss(evolvedStates(backend, circuit, s as tf.Tensor2D), tf.tensor1d(labels, 'int32'), 3, 'log'));
    const got = g(tf.tensor2d(Float32Array.from(sched), [B, S])).dataSync();
    expectCentralDifferences(got, sched, cost, { abs: 2e-4, rel: 1e-3 });
  });

  it('through the whole pipeline (network -> bounded schedules -> annealer -> cost): directional derivatives = central differences', async () => {
    const clf = await AnnealerClassifier.create({ annealer: { numQubits: 2, steps: 2, slices: 1, order: 1 }, inputShape: [4, 4, 1], numClasses: 2, backend, backbone: 'mlp', hidden: [6], amplitudeBound: 3, seed: 2 });
    const r = Rng.from(8);
    const B = 6;
    const x = tf.tensor4d(Float32Array.from({ length: B * 16 }, () => r.float()), [B, 4, 4, 1]);
    const y = tf.tensor1d([0, 1, 0, 1, 0, 1], 'int32');
    const vars = clf.trainableVariables;
    const { grads } = tf.variableGrads(() => clf.loss(x, y), vars);
    const dirs = vars.map((v) => tf.tensor(Float32Array.from({ length: v.size }, () => 2 * r.float() - 1), v.shape));
    let analytic = 0;
    vars.forEach((v, i) => {
      analytic += tf.sum(tf.mul(grads[v.name]!, dirs[i]!)).dataSync()[0]!;
    });
    const base = vars.map((v) => v.clone());
    const at = (eps: number): number => {
      vars.forEach((v, i) => v.assign(tf.add(base[i]!, tf.mul(dirs[i]!, eps))));
      return clf.loss(x, y).dataSync()[0]!;
    };
    const eps = 1e-2;
    const fd = (at(eps) - at(-eps)) / (2 * eps);
    vars.forEach((v, i) => v.assign(base[i]!));
    expect(Math.abs(analytic)).toBeGreaterThan(1e-2);
    expect(Math.abs(analytic - fd)).toBeLessThan(0.03 * Math.abs(fd) + 1e-3);
    clf.dispose();
  });
});
