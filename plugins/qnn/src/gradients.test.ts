import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import type { Encoding } from './encoding.js';
import { probabilityTransform } from './readout.js';
import { type BuildStudentOptions, type QuantumStudent, buildStudent } from './student.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());

/**
 * An independent float64 implementation of the student's forward pass (dense reducer ->
 * encoding -> backend expectation -> readout -> head), from the student's own weights. Central
 * finite differences of it are the reference for TF.js's gradients.
 */
function reference(student: QuantumStudent, x: Float64Array, batch: number, w: Float64Array[]): Float64Array {
  const [kernel, bias, theta, headK, headB] = w as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const t = student.quantumLayer.template;
  const enc = t.encoding as Encoding & { scaling?: string; keepNorm?: boolean };
  const D = x.length / batch, F = t.inputSize, Q = t.spec.qubits, C = student.outputSize;
  const feats = new Float64Array(batch * F);
  const norms = new Float64Array(batch);
  for (let b = 0; b < batch; b++) {
    for (let f = 0; f < F; f++) {
      let s = bias[f] as number;
      for (let d = 0; d < D; d++) s += (x[b * D + d] as number) * (kernel[d * F + f] as number);
      feats[b * F + f] = s;
    }
    if (enc.kind === 'amplitude') {
      let n2 = 1e-12;
      for (let f = 0; f < F; f++) n2 += (feats[b * F + f] as number) ** 2;
      norms[b] = Math.sqrt(n2);
      for (let f = 0; f < F; f++) feats[b * F + f] = (feats[b * F + f] as number) / (norms[b] as number);
    } else {
      for (let f = 0; f < F; f++) {
        const v = feats[b * F + f] as number;
        feats[b * F + f] = enc.scaling === 'pi-tanh' ? Math.PI * Math.tanh(v) : enc.scaling === 'arctan' ? 2 * Math.atan(v) : enc.scaling === 'pi' ? Math.PI * v : v;
      }
    }
  }
  const e = backend.expectation({ circuit: t.circuit, params: theta, inputs: feats, batchSize: batch }, t.observables);
  const O = t.observables.length;
  let R = O;
  let readout = e;
  if (t.spec.readout === 'probabilities') {
    const p = probabilityTransform(Q);
    R = 2 ** Q;
    readout = new Float64Array(batch * R);
    for (let b = 0; b < batch; b++) for (let k = 0; k < R; k++) {
      let s = p.offset[k] as number;
      for (let m = 0; m < O; m++) s += (e[b * O + m] as number) * (p.matrix[m * R + k] as number);
      readout[b * R + k] = s;
    }
  }
  const H = R + (enc.kind === 'amplitude' && enc.keepNorm ? 1 : 0);
  const out = new Float64Array(batch * C);
  for (let b = 0; b < batch; b++) for (let c = 0; c < C; c++) {
    let s = headB[c] as number;
    for (let h = 0; h < H; h++) s += (h < R ? (readout[b * R + h] as number) : (norms[b] as number)) * (headK[h * C + c] as number);
    out[b * C + c] = s;
  }
  return out;
}

const CASES: Array<[string, Pick<BuildStudentOptions, 'encoding' | 'ansatz' | 'readout' | 'layers'>]> = [
  ['angle pi*tanh, hardware-efficient, <Z_i>', { encoding: { kind: 'angle', scaling: 'pi-tanh' }, ansatz: 'hardware-efficient', layers: 2, readout: 'z' }],
  ['amplitude + norm, strongly entangling, probabilities', { encoding: { kind: 'amplitude', keepNorm: true }, ansatz: 'strongly-entangling', layers: 2, readout: 'probabilities' }],
  ['dense angle arctan, seed ansatz, <Z_i Z_j>', { encoding: { kind: 'dense-angle', scaling: 'arctan' }, ansatz: 'seed', layers: 2, readout: 'zz' }],
];

describe('gradients through reducer + quantum layer + head', () => {
  it.each(CASES)('%s: TF.js gradients match central finite differences of a float64 reference', async (_name, arch) => {
    const D = 5, B = 3;
    const student = await buildStudent({ inputShape: [D], classes: 3, reducer: 'dense', qubits: 3, seed: 7, backend, ...arch });
    const rng = Rng.from(11);
    const x = Float32Array.from({ length: B * D }, () => rng.normal() * 0.7);
    const c = Float64Array.from({ length: B * 3 }, () => rng.normal());
    const vars = student.trainableVariables;
    expect(vars.map((v) => v.name.split('/')[1]?.replace(/_\d+$/, ''))).toEqual(['kernel', 'bias', 'theta', 'kernel', 'bias']);
    const xt = tf.tensor2d(x, [B, D]);
    const ct = tf.tensor2d(Float32Array.from(c), [B, 3]);
    const lossOf = () => tf.sum(tf.mul(student.forward(xt, true), ct)) as tf.Scalar;
    const { value, grads } = tf.variableGrads(lossOf, vars);
    const gx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(student.forward(xx, true), ct)))(xt);

    const w = vars.map((v) => Float64Array.from(v.dataSync()));
    const x64 = Float64Array.from(x);
    const f = (): number => reference(student, x64, B, w).reduce((s, o, i) => s + o * (c[i] as number), 0);
    expect(value.dataSync()[0]).toBeCloseTo(f(), 4);

    const h = 1e-5;
    const central = (arr: Float64Array, i: number): number => {
      const keep = arr[i] as number;
      arr[i] = keep + h;
      const up = f();
      arr[i] = keep - h;
      const down = f();
      arr[i] = keep;
      return (up - down) / (2 * h);
    };
    const check = (got: Float32Array, want: number[], label: string): void => {
      const scale = Math.max(...want.map(Math.abs));
      expect(scale, label).toBeGreaterThan(1e-3);
      want.forEach((g, i) => {
        // 1e-4 relative, measured against the element and (for near-zero elements) the tensor's scale.
        expect(Math.abs((got[i] as number) - g), `${label}[${i}]: ${got[i]} vs ${g}`).toBeLessThanOrEqual(1e-4 * Math.max(Math.abs(g), 0.1 * scale));
      });
    };
    vars.forEach((v, k) => {
      const arr = w[k] as Float64Array;
      check(grads[v.name]!.dataSync() as Float32Array, Array.from(arr, (_, i) => central(arr, i)), v.name);
    });
    check(gx.dataSync() as Float32Array, Array.from(x64, (_, i) => central(x64, i)), 'input');
    tf.dispose([xt, ct, value, gx, ...Object.values(grads)]);
    student.dispose();
  });
});
