import { IsingModel, Rng } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { anglesToParams } from './angles.js';
import { costObservable, diagonalEnergies, spinsOfIndex } from './costHamiltonian.js';
import { maxCutModel, petersenGraph, ringGraph } from './graphs.js';
import { buildQaoaCircuit } from './qaoaCircuit.js';
import { warmStartThetas } from './warmStart.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());

/**
 * p = 1 QAOA on a triangle-free graph, closed form (Wang, Hadfield, Jiang and Rieffel, PRA 97,
 * 022304, 2018), written in this package's conventions (gamma_lit = -2 gamma, beta_lit = -beta):
 * <C_uv> = 1/2 + 1/4 sin(4 beta) sin(2 gamma) (cos^(d_u - 1)(2 gamma) + cos^(d_v - 1)(2 gamma)).
 */
function analyticCutFraction(degree: number, gamma: number, beta: number): number {
  return 0.5 + 0.25 * Math.sin(4 * beta) * Math.sin(2 * gamma) * 2 * Math.cos(2 * gamma) ** (degree - 1);
}

function randomIsing(n: number, seed: number): IsingModel {
  const rng = Rng.from(seed);
  const J: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.float() < 0.6) J.push([i, j, rng.float() * 2 - 1]);
  return IsingModel.from({ h: Array.from({ length: n }, () => rng.float() * 2 - 1), J, offset: 0.7 });
}

/**
 * An independent dense reference: the QAOA state built from the energy diagonal (cost layer =
 * phase exp(-i gamma E(k) / s) on basis state k, the energies from model.energy) and explicit 2x2
 * mixer matrices, without the IR or the backend.
 */
function referenceProbabilities(model: IsingModel, gammas: number[], betas: number[], thetas?: ArrayLike<number>): Float64Array {
  const n = model.numVariables;
  const N = 2 ** n;
  let re = new Float64Array(N);
  let im = new Float64Array(N);
  const energies = Array.from({ length: N }, (_, k) => model.energy(spinsOfIndex(k, n)));
  // initial product state: RY(theta)|0> = cos(theta/2)|0> + sin(theta/2)|1>
  for (let k = 0; k < N; k++) {
    let a = 1;
    for (let q = 0; q < n; q++) {
      const t = thetas ? (thetas[q] as number) : Math.PI / 2;
      a *= (k >> q) & 1 ? Math.sin(t / 2) : Math.cos(t / 2);
    }
    re[k] = a;
  }
  const apply = (q: number, m: [[number, number], [number, number]][]): void => {
    // m[r][c] = [re, im]
    const r2 = re.slice();
    const i2 = im.slice();
    for (let k = 0; k < N; k++) {
      if ((k >> q) & 1) continue;
      const k1 = k | (1 << q);
      for (const [row, out] of [[0, k], [1, k1]] as const) {
        const [a, b] = [m[row]![0]!, m[row]![1]!];
        r2[out] = a[0] * re[k]! - a[1] * im[k]! + b[0] * re[k1]! - b[1] * im[k1]!;
        i2[out] = a[0] * im[k]! + a[1] * re[k]! + b[0] * im[k1]! + b[1] * re[k1]!;
      }
    }
    re = r2;
    im = i2;
  };
  for (let layer = 0; layer < gammas.length; layer++) {
    for (let k = 0; k < N; k++) {
      const phi = -gammas[layer]! * energies[k]!;
      const [c, s] = [Math.cos(phi), Math.sin(phi)];
      [re[k], im[k]] = [c * re[k]! - s * im[k]!, s * re[k]! + c * im[k]!];
    }
    const b = betas[layer]!;
    for (let q = 0; q < n; q++) {
      // exp(-i beta H_M,q) with H_M,q = -(cos t Z + sin t X): exp(i beta (cos t Z + sin t X))
      const t = thetas ? (thetas[q] as number) : Math.PI / 2;
      const [cz, sx] = [Math.cos(t), Math.sin(t)];
      const [cb, sb] = [Math.cos(b), Math.sin(b)];
      apply(q, [
        [[cb, sb * cz], [0, sb * sx]],
        [[0, sb * sx], [cb, -sb * cz]],
      ]);
    }
  }
  return Float64Array.from(re, (v, k) => v * v + im[k]! ** 2);
}

describe('QAOA circuit', () => {
  it('matches an independent dense simulation from the energy diagonal (fields, couplings, both mixers)', () => {
    const model = randomIsing(5, 11);
    const gammas = [0.37, -0.81];
    const betas = [0.52, 0.23];
    const params = anglesToParams({ gammas, betas });
    for (const thetas of [undefined, warmStartThetas([0.1, 0.9, 0.4, 0.7, 0.5])]) {
      const circuit = buildQaoaCircuit(model, { p: 2, ...(thetas && { warmStart: thetas }) });
      const got = backend.probabilities({ circuit, params });
      const want = referenceProbabilities(model, gammas, betas, thetas);
      Array.from(want).forEach((v, k) => expect(got[k]).toBeCloseTo(v, 12));
    }
  });

  it('matches the closed-form p = 1 cut on the Petersen graph and a ring at arbitrary angles', () => {
    for (const [graph, degree] of [[petersenGraph(), 3], [ringGraph(8), 2]] as const) {
      const model = maxCutModel(graph);
      const circuit = buildQaoaCircuit(model, { p: 1 });
      for (const [gamma, beta] of [[0.3, 0.2], [0.6155, Math.PI / 8], [-0.4, 1.1], [1.3, -0.25]] as const) {
        const e = backend.expectation({ circuit, params: [gamma, beta] }, [costObservable(model)])[0]!;
        const fraction = (graph.edges.length - e) / (2 * graph.edges.length);
        expect(fraction).toBeCloseTo(analyticCutFraction(degree, gamma, beta), 10);
      }
    }
  });

  it('the cost observable and the energy diagonal agree with the model on every basis state', () => {
    const model = randomIsing(6, 3);
    const diag = diagonalEnergies(model);
    const obs = costObservable(model);
    for (let k = 0; k < 64; k++) {
      const s = spinsOfIndex(k, 6);
      expect(diag[k]).toBeCloseTo(model.energy(s), 12);
    }
    const probe = [5, 17, 42];
    for (const k of probe) {
      const ops = spinsOfIndex(k, 6);
      const circuit = buildQaoaCircuit(model, { p: 1, warmStart: Array.from(ops, (s) => (s > 0 ? Math.PI : 0)) });
      // theta = pi prepares |1>, theta = 0 |0>: a basis state; gamma = beta = 0 leaves it there
      expect(backend.expectation({ circuit, params: [0, 0] }, [obs])[0]).toBeCloseTo(model.energy(ops), 10);
    }
  });

  it('the warm-start mixer at c = 1/2 is the standard mixer', () => {
    const model = randomIsing(5, 8);
    const standard = buildQaoaCircuit(model, { p: 2 });
    const warm = buildQaoaCircuit(model, { p: 2, warmStart: warmStartThetas([0.5, 0.5, 0.5, 0.5, 0.5]) });
    const params = anglesToParams({ gammas: [0.3, 0.7], betas: [0.5, -0.2] });
    const a = backend.probabilities({ circuit: standard, params });
    const b = backend.probabilities({ circuit: warm, params });
    Array.from(a).forEach((v, k) => expect(b[k]).toBeCloseTo(v, 12));
  });

  it('the warm-start state is the mixer ground state: beta moves nothing at gamma = 0, and gamma moves nothing at beta = 0', () => {
    const model = randomIsing(4, 2);
    const c = [0.1, 0.8, 0.35, 0.5];
    const thetas = warmStartThetas(c);
    const circuit = buildQaoaCircuit(model, { p: 1, warmStart: thetas });
    // product state with P(bit i = 1) = clipped c_i
    const clipped = c.map((v) => Math.min(0.75, Math.max(0.25, v)));
    const product = Array.from({ length: 16 }, (_, k) => clipped.reduce((acc, v, i) => acc * ((k >> i) & 1 ? v : 1 - v), 1));
    for (const params of [[0, 0.9], [1.3, 0]]) {
      const probs = backend.probabilities({ circuit, params });
      product.forEach((v, k) => expect(probs[k]).toBeCloseTo(v, 12));
    }
    // both together do move it
    const moved = backend.probabilities({ circuit, params: [1.3, 0.9] });
    expect(product.some((v, k) => Math.abs(v - moved[k]!) > 1e-3)).toBe(true);
  });

  it('small positive ramp angles lower the energy below the |+> value (the adiabatic sign)', () => {
    const model = maxCutModel(ringGraph(6));
    const circuit = buildQaoaCircuit(model, { p: 1 });
    const e = backend.expectation({ circuit, params: [0.1, 0.1] }, [costObservable(model)])[0]!;
    expect(e).toBeLessThan(-0.1);
  });

  it('scales the cost layer by costScale', () => {
    const model = randomIsing(4, 5);
    const a = backend.probabilities({ circuit: buildQaoaCircuit(model, { p: 1, costScale: 2 }), params: [0.8, 0.3] });
    const b = backend.probabilities({ circuit: buildQaoaCircuit(model, { p: 1 }), params: [0.4, 0.3] });
    Array.from(a).forEach((v, k) => expect(b[k]).toBeCloseTo(v, 12));
  });
});
