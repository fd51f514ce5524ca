import { CircuitBuilder, ValidationError, input, param, parseObservable, pauliZ } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorBackend } from './statevectorBackend.js';

const b = new StatevectorBackend({ threads: 1 });
afterAll(() => b.dispose());

describe('analytic states', () => {
  it('Bell state amplitudes are (|00> + |11>)/sqrt 2', () => {
    const { re, im } = b.amplitudes({ circuit: new CircuitBuilder(2).h(0).cnot(0, 1).build(), params: [] });
    expect(Array.from(re)).toEqual([Math.SQRT1_2, 0, 0, Math.SQRT1_2].map((v) => expect.closeTo(v, 14)));
    expect(Array.from(im).every((v) => v === 0)).toBe(true);
  });

  it('GHZ on 6 qubits: p = 1/2 on 0 and 63, <Z_i Z_j> = 1, <X...X> = 1', () => {
    const g = new CircuitBuilder(6).h(0);
    for (let q = 0; q < 5; q++) g.cnot(q, q + 1);
    const c = g.build();
    const p = b.probabilities({ circuit: c, params: [] });
    expect(p[0]).toBeCloseTo(0.5, 14);
    expect(p[63]).toBeCloseTo(0.5, 14);
    const e = b.expectation({ circuit: c, params: [] }, [parseObservable('Z0 Z5'), parseObservable('X0 X1 X2 X3 X4 X5'), parseObservable('Z3'), parseObservable('Y0 Y1 X2 X3 X4 X5')]);
    expect(Array.from(e)).toEqual([1, 1, 0, -1].map((v) => expect.closeTo(v, 12)));
  });

  it('QFT of a basis state |x> is sum_k e^{2 pi i x k / N} |k> / sqrt N', () => {
    const n = 4;
    const N = 2 ** n;
    const x = 11;
    const g = new CircuitBuilder(n);
    for (let q = 0; q < n; q++) if ((x >> q) & 1) g.x(q);
    // textbook QFT: from the most significant qubit down, H then controlled phases, then reverse the order
    const cp = (lambda: number, c: number, t: number): void => {
      g.p(c, lambda / 2).cnot(c, t).p(t, -lambda / 2).cnot(c, t).p(t, lambda / 2);
    };
    for (let j = n - 1; j >= 0; j--) {
      g.h(j);
      for (let k = j - 1; k >= 0; k--) cp(Math.PI / 2 ** (j - k), k, j);
    }
    for (let q = 0; q < n / 2; q++) g.swap(q, n - 1 - q);
    const { re, im } = b.amplitudes({ circuit: g.build(), params: [] });
    for (let k = 0; k < N; k++) {
      expect(re[k]).toBeCloseTo(Math.cos((2 * Math.PI * x * k) / N) / 4, 12);
      expect(im[k]).toBeCloseTo(Math.sin((2 * Math.PI * x * k) / N) / 4, 12);
    }
  });

  it('single rotations: <Z> = cos t after RX/RY, <Y> = -sin t after RX, <X> = sin t after RY, phase gates', () => {
    const t = 0.83;
    const rx = new CircuitBuilder(1).rx(0, param(0)).build();
    const ry = new CircuitBuilder(1).ry(0, param(0)).build();
    const obs = [parseObservable('X0'), parseObservable('Y0'), parseObservable('Z0')];
    expect(Array.from(b.expectation({ circuit: rx, params: [t] }, obs))).toEqual([0, -Math.sin(t), Math.cos(t)].map((v) => expect.closeTo(v, 13)));
    expect(Array.from(b.expectation({ circuit: ry, params: [t] }, obs))).toEqual([Math.sin(t), 0, Math.cos(t)].map((v) => expect.closeTo(v, 13)));
    // H then RZ(t): <X> = cos t, <Y> = sin t; the same with P, S (t = pi/2), T (pi/4), SX = RX(pi/2) up to phase
    const rz = new CircuitBuilder(1).h(0).rz(0, t).build();
    const p = new CircuitBuilder(1).h(0).p(0, t).build();
    const s = new CircuitBuilder(1).h(0).s(0).t(0).build();
    const sx = new CircuitBuilder(1).sx(0).build();
    expect(Array.from(b.expectation({ circuit: rz, params: [] }, obs))).toEqual([Math.cos(t), Math.sin(t), 0].map((v) => expect.closeTo(v, 13)));
    expect(Array.from(b.expectation({ circuit: p, params: [] }, obs))).toEqual([Math.cos(t), Math.sin(t), 0].map((v) => expect.closeTo(v, 13)));
    expect(Array.from(b.expectation({ circuit: s, params: [] }, obs))).toEqual([Math.cos(0.75 * Math.PI), Math.sin(0.75 * Math.PI), 0].map((v) => expect.closeTo(v, 13)));
    expect(Array.from(b.expectation({ circuit: sx, params: [] }, obs))).toEqual([0, -1, 0].map((v) => expect.closeTo(v, 13)));
  });

  it('two-qubit rotations: RZZ phases, RXX/RYY populations, controlled rotations act only on control 1', () => {
    const t = 1.1;
    const rxx = new CircuitBuilder(2).rxx(0, 1, t).build();
    const p = b.probabilities({ circuit: rxx, params: [] });
    expect(Array.from(p)).toEqual([Math.cos(t / 2) ** 2, 0, 0, Math.sin(t / 2) ** 2].map((v) => expect.closeTo(v, 13)));
    const ryy = new CircuitBuilder(2).x(0).ryy(0, 1, t).build();
    expect(Array.from(b.probabilities({ circuit: ryy, params: [] }))).toEqual([0, Math.cos(t / 2) ** 2, Math.sin(t / 2) ** 2, 0].map((v) => expect.closeTo(v, 13)));
    const rzz = new CircuitBuilder(2).h(0).h(1).rzz(0, 1, t).build();
    expect(b.expectation({ circuit: rzz, params: [] }, [parseObservable('X0')])[0]).toBeCloseTo(Math.cos(t), 13);
    const crx0 = new CircuitBuilder(2).crx(0, 1, t).build();
    const crx1 = new CircuitBuilder(2).x(0).crx(0, 1, t).build();
    expect(b.expectation({ circuit: crx0, params: [] }, [pauliZ(1)])[0]).toBeCloseTo(1, 14);
    expect(b.expectation({ circuit: crx1, params: [] }, [pauliZ(1)])[0]).toBeCloseTo(Math.cos(t), 13);
  });

  it('amplitude encoding prepares the normalised input on the low qubits, per sample', () => {
    const c = new CircuitBuilder(3).amplitude(2).build();
    const x = [3, 0, 4, 0, 0, 1, 0, 1];
    const p = b.probabilities({ circuit: c, params: [], inputs: x });
    expect(Array.from(p)).toEqual([9 / 25, 0, 16 / 25, 0, 0, 0, 0, 0, 0, 1 / 2, 0, 1 / 2, 0, 0, 0, 0].map((v) => expect.closeTo(v, 14)));
  });

  it('rejects a zero or non-finite amplitude vector with a clear ValidationError', () => {
    const c = new CircuitBuilder(2).amplitude(2).build();
    expect(() => b.expectation({ circuit: c, params: [], inputs: [1, 0, 0, 0, 0, 0, 0, 0] }, [pauliZ(0)])).toThrow(/sample 1: the amplitude-encoded input vector/);
    expect(() => b.expectation({ circuit: c, params: [], inputs: [1, NaN, 0, 0] }, [pauliZ(0)])).toThrow(ValidationError);
    expect(() => b.expectation({ circuit: c, params: [], inputs: [1e200, 1e200, 0, 0] }, [pauliZ(0)])).toThrow(/non-zero and finite/);
  });

  it('per-sample inputs: row b uses its own angles', () => {
    const c = new CircuitBuilder(2).ry(0, input(0)).rx(1, input(1)).build();
    const xs = [0.1, 0.2, 1.5, -0.7, 3, 2];
    const e = b.expectation({ circuit: c, params: [], inputs: xs }, [parseObservable('Z0'), parseObservable('Z1')]);
    for (let r = 0; r < 3; r++) {
      expect(e[2 * r]).toBeCloseTo(Math.cos(xs[2 * r]!), 13);
      expect(e[2 * r + 1]).toBeCloseTo(Math.cos(xs[2 * r + 1]!), 13);
    }
  });

  it('samples reproducibly and with Born-rule frequencies', () => {
    const c = new CircuitBuilder(2).ry(0, 2 * Math.asin(Math.sqrt(0.2))).ry(1, 2 * Math.asin(Math.sqrt(0.7))).build();
    const s = b.sample({ circuit: c, params: [] }, 20000, 3);
    expect(Array.from(b.sample({ circuit: c, params: [] }, 20000, 3))).toEqual(Array.from(s));
    const counts = [0, 0, 0, 0];
    for (const v of s) counts[v]!++;
    const expected = [0.8 * 0.3, 0.2 * 0.3, 0.8 * 0.7, 0.2 * 0.7];
    counts.forEach((k, i) => expect(Math.abs(k / 20000 - expected[i]!)).toBeLessThan(5 * Math.sqrt((expected[i]! * (1 - expected[i]!)) / 20000)));
  });
});
