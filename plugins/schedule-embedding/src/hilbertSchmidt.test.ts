import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@hqml/core';
import { initTfjsBackend } from '@hqml/tfjs-models';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClassStates } from './classStates.js';
import { type StateBatch, classTraces, hsCost, hsDistances, overlapMatrix } from './hilbertSchmidt.js';
import { hsLoss } from './hsLoss.js';
import { classicalMds } from './mds.js';

beforeAll(async () => {
  await initTfjsBackend({ backend: 'cpu' });
});

function randomStates(rows: number, dim: number, seed: number): StateBatch {
  const r = Rng.from(seed);
  const re = new Float64Array(rows * dim), im = new Float64Array(rows * dim);
  for (let b = 0; b < rows; b++) {
    let n = 0;
    for (let i = 0; i < dim; i++) {
      re[b * dim + i] = r.normal();
      im[b * dim + i] = r.normal();
      n += re[b * dim + i]! ** 2 + im[b * dim + i]! ** 2;
    }
    for (let i = 0; i < dim; i++) {
      re[b * dim + i] = re[b * dim + i]! / Math.sqrt(n);
      im[b * dim + i] = im[b * dim + i]! / Math.sqrt(n);
    }
  }
  return { re, im, rows, dim };
}

/** The reference: rho_c as explicit dim x dim complex matrices (re, im). */
function densityMatrices(s: StateBatch, labels: readonly number[], C: number): Array<{ re: Float64Array; im: Float64Array }> {
  const D = s.dim;
  return Array.from({ length: C }, (_, c) => {
    const re = new Float64Array(D * D), im = new Float64Array(D * D);
    const members = labels.map((l, i) => [l, i] as const).filter(([l]) => l === c).map(([, i]) => i);
    for (const b of members) {
      for (let i = 0; i < D; i++) {
        for (let j = 0; j < D; j++) {
          // psi_i conj(psi_j)
          const ar = s.re[b * D + i]!, ai = s.im[b * D + i]!, br = s.re[b * D + j]!, bi = s.im[b * D + j]!;
          re[i * D + j] = re[i * D + j]! + (ar * br + ai * bi) / members.length;
          im[i * D + j] = im[i * D + j]! + (ai * br - ar * bi) / members.length;
        }
      }
    }
    return { re, im };
  });
}

/** tr(A B) for Hermitian A, B: sum_ij A_ij B_ji = sum_ij A_ij conj(B_ij). */
function traceProduct(a: { re: Float64Array; im: Float64Array }, b: { re: Float64Array; im: Float64Array }): number {
  let s = 0;
  for (let k = 0; k < a.re.length; k++) s += a.re[k]! * b.re[k]! + a.im[k]! * b.im[k]!;
  return s;
}

describe('Hilbert-Schmidt geometry from overlaps = direct density-matrix computation', () => {
  for (const [qubits, rows, C] of [[2, 12, 3], [3, 20, 4]] as const) {
    it(`${qubits} qubits, ${rows} states, ${C} classes: traces, distances, fidelities, predictions`, () => {
      const D = 2 ** qubits;
      const s = randomStates(rows, D, qubits);
      const labels = Array.from({ length: rows }, (_, i) => i % C);
      const rho = densityMatrices(s, labels, C);
      const traces = classTraces(overlapMatrix(s, s), labels, C);
      const dist = hsDistances(traces, C);
      for (let a = 0; a < C; a++) {
        for (let b = 0; b < C; b++) {
          expect(traces[a * C + b]).toBeCloseTo(traceProduct(rho[a]!, rho[b]!), 12);
          const diff = { re: rho[a]!.re.map((v, k) => v - rho[b]!.re[k]!), im: rho[a]!.im.map((v, k) => v - rho[b]!.im[k]!) };
          expect(dist[a * C + b]).toBeCloseTo(traceProduct(diff, diff), 12);
        }
      }
      const cs = ClassStates.fromEmbeddings(s, labels, C);
      const t2 = cs.traces();
      for (let k = 0; k < C * C; k++) expect(t2[k]).toBeCloseTo(traces[k]!, 12);
      const q = randomStates(5, D, 99);
      const sc = cs.score(q);
      for (let r = 0; r < 5; r++) {
        const one = { re: q.re.subarray(r * D, (r + 1) * D), im: q.im.subarray(r * D, (r + 1) * D), rows: 1, dim: D };
        const proj = densityMatrices(one, [0], 1)[0]!;
        let best = 0;
        for (let c = 0; c < C; c++) {
          expect(sc.fidelities[r * C + c]).toBeCloseTo(traceProduct(proj, rho[c]!), 12);
          const diff = { re: proj.re.map((v, k) => v - rho[c]!.re[k]!), im: proj.im.map((v, k) => v - rho[c]!.im[k]!) };
          expect(sc.distances[r * C + c]).toBeCloseTo(traceProduct(diff, diff), 12);
          if (traceProduct(diff, diff) < traceProduct({ re: proj.re.map((v, k) => v - rho[best]!.re[k]!), im: proj.im.map((v, k) => v - rho[best]!.im[k]!) }, { re: proj.re.map((v, k) => v - rho[best]!.re[k]!), im: proj.im.map((v, k) => v - rho[best]!.im[k]!) })) best = c;
        }
        expect(sc.predictions[r]).toBe(best);
      }
      expect(ClassStates.fromJSON(cs.toJSON()).score(q).distances).toEqual(sc.distances);
    });
  }

  it('the cost: 0 for orthogonal pure classes, 1 for identical classes', () => {
    const s: StateBatch = { re: Float64Array.from([1, 0, 1, 0, 0, 1, 0, 1]), im: new Float64Array(8), rows: 4, dim: 2 };
    expect(hsCost(classTraces(overlapMatrix(s, s), [0, 0, 1, 1], 2), 2)).toBeCloseTo(0, 12);
    expect(hsCost(classTraces(overlapMatrix(s, s), [0, 1, 0, 1], 2), 2)).toBeCloseTo(1, 12);
  });

  it('the TF.js loss equals the float64 cost with unbiased purities (classes with < 2 members left out)', () => {
    const s = randomStates(9, 8, 5);
    const labels = [0, 1, 2, 0, 1, 2, 0, 1, 3];
    const ref = hsCost(classTraces(overlapMatrix(s, s), labels, 4, true), 4);
    const st = tf.tensor2d(Float32Array.from({ length: 9 * 16 }, (_, k) => (k % 16 < 8 ? s.re[Math.floor(k / 16) * 8 + (k % 16)]! : s.im[Math.floor(k / 16) * 8 + (k % 16) - 8]!)), [9, 16]);
    const got = hsLoss(st, tf.tensor1d(labels, 'int32'), 4).dataSync()[0]!;
    expect(got).toBeCloseTo(ref, 5);
  });

  it('the log pair weighting: mean over pairs of -ln(D_hs/2 + 0.01) of the empirical class states, a merged pair costing -ln(0.01)', () => {
    const s = randomStates(9, 8, 6);
    const labels = [0, 1, 2, 0, 1, 2, 0, 1, 2];
    const d = hsDistances(classTraces(overlapMatrix(s, s), labels, 3, false), 3);
    expect(Math.min(d[1]!, d[2]!, d[5]!)).toBeGreaterThan(0);
    const perPair = [d[1]!, d[2]!, d[5]!].map((v) => -Math.log(v / 2 + 0.01));
    const st = tf.tensor2d(Float32Array.from({ length: 9 * 16 }, (_, k) => (k % 16 < 8 ? s.re[Math.floor(k / 16) * 8 + (k % 16)]! : s.im[Math.floor(k / 16) * 8 + (k % 16) - 8]!)), [9, 16]);
    expect(hsLoss(st, tf.tensor1d(labels, 'int32'), 3, 'log').dataSync()[0]!).toBeCloseTo((perPair[0]! + perPair[1]! + perPair[2]!) / 3, 5);
    // two classes on one pure state, one orthogonal to both
    const merged = tf.tensor2d([[1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 1, 0, 0]], [6, 4]);
    const cost = hsLoss(merged, tf.tensor1d([0, 0, 1, 1, 2, 2], 'int32'), 3, 'log').dataSync()[0]!;
    expect(cost).toBeCloseTo((-Math.log(0.01) - 2 * Math.log(1.01)) / 3, 5);
  });

  it('classical MDS recovers planar distances', () => {
    const pts = [[0, 0], [3, 0], [0, 4], [1, 1]];
    const d2 = pts.flatMap((p) => pts.map((q) => (p[0]! - q[0]!) ** 2 + (p[1]! - q[1]!) ** 2));
    const xy = classicalMds(d2, 4);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect((xy[i]![0] - xy[j]![0]) ** 2 + (xy[i]![1] - xy[j]![1]) ** 2).toBeCloseTo(d2[i * 4 + j]!, 8);
  });
});
