import {
  type Circuit, CircuitBuilder, input, isGradientProvider, param, parseObservable, type QuantumBackend, type ReadoutError, ValidationError,
} from '@hqml/core';
import { describeMitigatorContract } from '@hqml/core/testing';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { plainBackend } from '../test/plainBackend.js';
import { solveLinear } from '../zne/linearSolve.js';
import { calibrateReadout } from './calibration.js';
import { applyInverseConfusion, inverseConfusionMatrix, mitigateCounts } from './confusion.js';
import { projectToSimplex } from './projection.js';
import { ReadoutGradientBackend, readoutBackend } from './readoutBackend.js';
import { ReadoutMitigator } from './readoutMitigator.js';

const tvd = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((s, v, i) => s + Math.abs(v - (b[i] as number)), 0) / 2;

describe('confusion matrices', () => {
  it('inverts p(1|0) = p(0|1) = 0.01 into [[1.010204, -0.010204], [-0.010204, 1.010204]]', () => {
    const inv = inverseConfusionMatrix({ p01: 0.01, p10: 0.01 });
    expect(inv[0][0]).toBeCloseTo(1.010204, 6);
    expect(inv[0][1]).toBeCloseTo(-0.010204, 6);
    expect(inv[1][0]).toBeCloseTo(-0.010204, 6);
    expect(inv[1][1]).toBeCloseTo(1.010204, 6);
  });

  it('the tensored inverse equals the inverse of the full Kronecker confusion matrix (brute force, 3 qubits)', () => {
    const errors: ReadoutError[] = [{ p01: 0.05, p10: 0.02 }, { p01: 0.01, p10: 0.08 }, { p01: 0.1, p10: 0 }];
    const K = 8;
    // Full matrix by definition: C[m][t] = prod_j P(read bit j of m | true bit j of t).
    const C = Array.from({ length: K }, (_, m) => Array.from({ length: K }, (__, t) => errors.reduce((p, e, j) => {
      const mb = (m >> j) & 1, tb = (t >> j) & 1;
      return p * (tb === 0 ? (mb === 0 ? 1 - e.p10 : e.p10) : (mb === 1 ? 1 - e.p01 : e.p01));
    }, 1)));
    const measured = [0.3, 0.05, 0.1, 0.02, 0.2, 0.08, 0.15, 0.1];
    const want = solveLinear(C, measured)!;
    const got = applyInverseConfusion(measured, 1, errors);
    Array.from(want).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    expect(Array.from(got).reduce((s, v) => s + v)).toBeCloseTo(1, 12);
  });

  it('rejects impossible or uninformative readout errors', () => {
    expect(() => inverseConfusionMatrix({ p01: 0.5, p10: 0.5 })).toThrow(/singular/);
    expect(() => inverseConfusionMatrix({ p01: -0.1, p10: 0 })).toThrow(ValidationError);
  });

  it('mitigates counts: the frequencies, then the inverse', () => {
    const e = [{ p01: 0.1, p10: 0.1 }];
    // 90 zeros and 10 ones measured; with 10% symmetric flips the true state is |0>.
    const outcomes = [...Array(90).fill(0), ...Array(10).fill(1)];
    const q = mitigateCounts(outcomes, 1, e);
    expect(q[0]).toBeCloseTo(1, 12);
    expect(q[1]).toBeCloseTo(0, 12);
  });
});

describe('projectToSimplex', () => {
  it('projects a hand-computed example and leaves distributions unchanged', () => {
    expect(Array.from(projectToSimplex([0.6, 0.6, -0.2]))).toEqual([0.5, 0.5, 0].map((v) => expect.closeTo(v, 14)));
    expect(Array.from(projectToSimplex([0.2, 0.3, 0.5]))).toEqual([0.2, 0.3, 0.5].map((v) => expect.closeTo(v, 14)));
  });

  it('is at least as close as any of many random distributions (it is the L2-nearest)', () => {
    const v = [0.7, -0.15, 0.3, 0.25, -0.1];
    const w = projectToSimplex(v);
    expect(w.every((x) => x >= 0)).toBe(true);
    expect(Array.from(w).reduce((s, x) => s + x)).toBeCloseTo(1, 14);
    const d = (a: ArrayLike<number>): number => Math.hypot(...Array.from(a, (x, i) => x - v[i]!));
    let seed = 1;
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let k = 0; k < 2000; k++) {
      const r = v.map(() => -Math.log(rnd()));
      const s = r.reduce((a, b) => a + b);
      expect(d(w)).toBeLessThanOrEqual(d(r.map((x) => x / s)) + 1e-12);
    }
  });
});

const errorsPerQubit: ReadoutError[] = [{ p01: 0.03, p10: 0.01 }, { p01: 0.02, p10: 0.04 }, { p01: 0.05, p10: 0.02 }];

function circuit3(): Circuit {
  return new CircuitBuilder(3).ry(0, input(0)).h(1).cnot(1, 2).rx(2, param(0)).cry(0, 1, param(1)).build();
}

describe('readout-mitigated backend over a readout-noisy statevector', () => {
  const ideal = new StatevectorBackend({ threads: 1 });
  const noisy = new StatevectorBackend({ threads: 1, noise: { channels: [], readout: errorsPerQubit } });
  afterAll(() => {
    ideal.dispose();
    noisy.dispose();
  });
  const exec = { circuit: circuit3(), params: [0.7, -1.3], inputs: [0.4, 2.2] };
  const obs = [parseObservable('Z0'), parseObservable('Z0 Z1 Z2'), parseObservable('0.5*X1 Y2 - Z1 + 0.25')];

  it.each([
    ['the known confusion', { confusion: errorsPerQubit }],
    ['exact calibration', {}],
  ] as const)('with %s: expectation values and probabilities equal the noise-free ones', (_, options) => {
    const m = readoutBackend(noisy, options);
    const want = ideal.expectation(exec, obs);
    const before = noisy.expectation(exec, obs);
    const got = m.expectation(exec, obs);
    expect(Math.max(...Array.from(want, (v, i) => Math.abs(v - before[i]!)))).toBeGreaterThan(0.01);
    Array.from(want).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    const pw = ideal.probabilities(exec);
    const pg = m.probabilities(exec);
    Array.from(pw).forEach((v, i) => expect(pg[i]).toBeCloseTo(v, 12));
    const sub = m.probabilities(exec, [2, 0]);
    const subWant = ideal.probabilities(exec, [2, 0]);
    Array.from(subWant).forEach((v, i) => expect(sub[i]).toBeCloseTo(v, 12));
  });

  it('calibrates each qubit: exactly from probabilities, within 4 sigma from 20,000 shots', () => {
    const exact = calibrateReadout(noisy, 3);
    exact.forEach((e, q) => {
      expect(e.p01).toBeCloseTo(errorsPerQubit[q]!.p01, 12);
      expect(e.p10).toBeCloseTo(errorsPerQubit[q]!.p10, 12);
    });
    const shots = calibrateReadout(noisy, 3, { shots: 20000, seed: 3 });
    shots.forEach((e, q) => {
      for (const k of ['p01', 'p10'] as const) {
        const p = errorsPerQubit[q]![k];
        expect(Math.abs(e[k] - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / 20000) + 1e-9);
      }
    });
  });

  it('gives the noise-free VJPs (the mitigated observable is exact), and expectationWithVjp agrees', () => {
    const m = readoutBackend(noisy, { confusion: errorsPerQubit });
    expect(m).toBeInstanceOf(ReadoutGradientBackend);
    const up = [1, -0.5, 0.25, 0.3, 2, -1];
    const batch = { ...exec, inputs: [0.4, 2.2] };
    const want = ideal.vjp(batch, obs, up, 'parameter-shift');
    const got = (m as ReadoutGradientBackend).vjp(batch, obs, up);
    Array.from(want.params).forEach((v, i) => expect(got.params[i]).toBeCloseTo(v, 10));
    Array.from(want.inputs).forEach((v, i) => expect(got.inputs[i]).toBeCloseTo(v, 10));
    const d = (m as ReadoutGradientBackend).expectationWithVjp(batch, obs);
    Array.from(d.vjp(up).params).forEach((v, i) => expect(v).toBeCloseTo(want.params[i]!, 10));
    const m2 = readoutBackend(plainBackend(noisy, { deferred: false }), { confusion: errorsPerQubit }) as ReadoutGradientBackend;
    Array.from(m2.expectationWithVjp(batch, obs).vjp(up).inputs).forEach((v, i) => expect(v).toBeCloseTo(want.inputs[i]!, 10));
  });

  it('resamples shots from the mitigated distribution: closer to the ideal one, and seeded', () => {
    const m = readoutBackend(noisy, { confusion: errorsPerQubit });
    const one = { ...exec, inputs: [0.4] };
    const shots = 40000;
    const freq = (s: Uint32Array): Float64Array => {
      const f = new Float64Array(8);
      for (const o of s) f[o]! += 1 / shots;
      return f;
    };
    const pIdeal = ideal.probabilities(one);
    const a = m.sample(one, shots, 11);
    expect(a.length).toBe(shots);
    expect(Array.from(m.sample(one, shots, 11))).toEqual(Array.from(a));
    expect(tvd(freq(a), pIdeal)).toBeLessThan(tvd(freq(noisy.sample(one, shots, 11)), pIdeal) / 2);
  });

  it('reduces the total-variation distance of a 5-qubit state with 2% flips by far more than 5x (exact probabilities)', () => {
    const b = new CircuitBuilder(5).h(0);
    for (let q = 0; q < 4; q++) b.cnot(q, q + 1);
    b.ry(2, 0.8).rx(4, 1.9);
    const c = { circuit: b.build(), params: [] };
    const noisy5 = new StatevectorBackend({ threads: 1, noise: { channels: [], readout: { p01: 0.02, p10: 0.02 } } });
    const pIdeal = ideal.probabilities(c);
    const before = tvd(noisy5.probabilities(c), pIdeal);
    const after = tvd(readoutBackend(noisy5).probabilities(c), pIdeal);
    expect(before).toBeGreaterThan(0.05);
    expect(before / Math.max(after, 1e-300)).toBeGreaterThan(5);
    noisy5.dispose();
  });

  it('returns quasi-probabilities with project: false', () => {
    const b = new CircuitBuilder(1).build();
    const q = readoutBackend(noisy, { confusion: { p01: 0.2, p10: 0.2 }, project: false }).probabilities({ circuit: b, params: [] }, [0]);
    // noisy reads p = [0.99, 0.01] (its own p10 = 0.01); the over-strong inverse of 20% flips overshoots.
    expect(q[1]).toBeLessThan(0);
    expect(q[0]! + q[1]!).toBeCloseTo(1, 14);
  });
});

describe('ReadoutMitigator', () => {
  it('validates its options at construction', () => {
    expect(() => new ReadoutMitigator({ confusion: { p01: 0.6, p10: 0.4 } })).toThrow(/singular/);
    expect(() => new ReadoutMitigator({ calibrationShots: -1 })).toThrow(ValidationError);
    expect(() => readoutBackend(new StatevectorBackend({ threads: 1 }), { confusion: [{ p01: 0, p10: 0 }] }).expectation({ circuit: circuit3(), params: [0, 0], inputs: [0] }, [parseObservable('Z0')])).toThrow(/confusion for 1 qubits/);
  });
});

describeMitigatorContract<QuantumBackend>('mitigation.readout', () => new ReadoutMitigator(), {
  inner: () => plainBackend(new StatevectorBackend({ threads: 1, noise: { channels: [], readout: { p01: 0.05, p10: 0.02 } } }), { id: 'noisy-statevector' }),
  exercise: (wrapped) => {
    const c = new CircuitBuilder(2).x(0).build();
    const p = wrapped.probabilities({ circuit: c, params: [] });
    expect(p[1]).toBeCloseTo(1, 12);
    expect(isGradientProvider(wrapped)).toBe(true);
    wrapped.dispose?.();
  },
});
