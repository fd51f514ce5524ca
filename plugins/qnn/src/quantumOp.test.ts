import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitBuilder, Rng, input, param, pauliZ } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { initTfjsBackend } from '@hqml/tfjs-models';
import { ANGLE_SCALINGS, type AngleScaling } from './encoding.js';
import { quantumExpectation } from './quantumOp.js';

const backend = new StatevectorBackend({ threads: 1 });
beforeAll(async () => void (await initTfjsBackend()));
afterAll(() => backend.dispose());

// RY(x0) RY(x1), CNOT, RY(theta0) RZ(theta1): every input gradient is nonzero
const b = new CircuitBuilder(2, { numInputs: 2, numParams: 2 });
b.ry(0, input(0)).ry(1, input(1)).cnot(0, 1).ry(0, param(0)).rz(1, param(1)).ry(1, param(0));
const circuit = b.build();
const observables = [pauliZ(0), pauliZ(1)];

/** The scaling and its derivative, written out independently of `applyAngleScaling`. */
const REFERENCE: Record<AngleScaling, { f: (x: number) => number; df: (x: number) => number }> = {
  identity: { f: (x) => x, df: () => 1 },
  pi: { f: (x) => Math.PI * x, df: () => Math.PI },
  'pi-tanh': { f: (x) => Math.PI * Math.tanh(x), df: (x) => Math.PI / Math.cosh(x) ** 2 },
  arctan: { f: (x) => 2 * Math.atan(x), df: (x) => 2 / (1 + x * x) },
};

describe('quantumExpectation inputScaling', () => {
  const rng = Rng.from('quantum-op-scaling');
  const B = 5;
  const xs = Float32Array.from({ length: B * 2 }, () => rng.normal());
  const up = Float32Array.from({ length: B * 2 }, () => rng.normal());
  const run = (x: tf.Tensor2D, scaling: AngleScaling) => {
    const theta = tf.tensor1d([0.7, -1.3]);
    const dy = tf.tensor2d(up, [B, 2]);
    return tf.engine().gradients(() => quantumExpectation({ backend, circuit, observables, method: 'adjoint', inputScaling: scaling }, x, theta), [x, theta], dy);
  };

  for (const scaling of ANGLE_SCALINGS) {
    it(`${scaling}: equals the unscaled op on the scaled angles, input gradient times the slope`, () => tf.tidy(() => {
      const { f, df } = REFERENCE[scaling];
      const x = tf.tensor2d(xs, [B, 2]);
      const angles = tf.tensor2d(Float32Array.from(xs, f), [B, 2]);
      const scaled = run(x, scaling);
      const plain = run(angles, 'identity');
      const v = scaled.value.dataSync(), pv = plain.value.dataSync();
      const gx = scaled.grads[0]!.dataSync(), pgx = plain.grads[0]!.dataSync();
      const gt = scaled.grads[1]!.dataSync(), pgt = plain.grads[1]!.dataSync();
      for (let i = 0; i < v.length; i++) expect(v[i]).toBeCloseTo(pv[i]!, 5);
      for (let i = 0; i < gx.length; i++) expect(gx[i]).toBeCloseTo(pgx[i]! * df(xs[i]!), 5);
      for (let i = 0; i < gt.length; i++) expect(gt[i]).toBeCloseTo(pgt[i]!, 5);
      expect(Math.max(...Array.from(gx, Math.abs))).toBeGreaterThan(1e-3);
    }));
  }
});
