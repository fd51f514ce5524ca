import { CircuitBuilder, type Execution, UnsupportedError, ValidationError, input, isStateProvider, param } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorBackend } from './statevectorBackend.js';
import { centralDifferences, expectClose } from './test/finiteDifferences.js';
import { randomCircuit, randomValues } from '@hqml/core/testing';

const b = new StatevectorBackend({ threads: 1 });
afterAll(() => b.dispose());

/** L(psi) = sum_b,i upRe psi_re + upIm psi_im, differentiated by central differences of the amplitudes. */
function amplitudeDifferences(e: Execution, upRe: readonly number[], upIm: readonly number[]): { params: number[]; inputs: number[] } {
  return centralDifferences(e, (p, x) => {
    const s = b.amplitudes({ circuit: e.circuit, params: p, ...(x ? { inputs: x } : {}) });
    let v = 0;
    for (let i = 0; i < s.re.length; i++) v += upRe[i]! * s.re[i]! + upIm[i]! * s.im[i]!;
    return v;
  });
}

describe('state VJP (StateProvider) = central differences of the amplitudes', () => {
  it('the backend declares the ability', () => {
    expect(isStateProvider(b)).toBe(true);
  });

  for (const [n, depth, seed] of [[1, 12, 21], [2, 30, 22], [3, 45, 23], [4, 60, 24]] as const) {
    it(`random ${n}-qubit circuit (${depth} gates, every gate kind), batch of 3`, () => {
      const c = randomCircuit(n, depth, seed, { numParams: 4, numInputs: 3 });
      const rows = 3;
      const N = 2 ** n;
      const e: Execution = { circuit: c, params: randomValues(4, seed + 100), inputs: randomValues(3 * rows, seed + 200) };
      const upRe = Array.from(randomValues(rows * N, seed + 300));
      const upIm = Array.from(randomValues(rows * N, seed + 400));
      const r = b.stateVjp(e, upRe, upIm);
      const fd = amplitudeDifferences(e, upRe, upIm);
      expectClose(r.params, fd.params);
      expectClose(r.inputs, fd.inputs);
    });
  }

  it('RX / RZ / RZZ evolution with per-sample inputs, rows spread over several chunks', () => {
    const c = new CircuitBuilder(3, { numInputs: 7 })
      .rx(0, input(0)).rx(1, input(1)).rx(2, input(2)).rz(0, input(3)).rzz(0, 1, input(4)).rzz(1, 2, input(5, 2)).rz(2, input(6)).rx(1, input(0, -1)).build();
    const small = new StatevectorBackend({ threads: 1, chunkAmplitudes: 16 });
    try {
      const rows = 5;
      const e: Execution = { circuit: c, params: [], inputs: randomValues(7 * rows, 5) };
      const upRe = Array.from(randomValues(rows * 8, 6));
      const upIm = Array.from(randomValues(rows * 8, 7));
      const r = small.stateVjp(e, upRe, upIm);
      expectClose(r.inputs, amplitudeDifferences(e, upRe, upIm).inputs);
      expectClose(r.inputs, Array.from(b.stateVjp(e, upRe, upIm).inputs), 1e-12);
    } finally {
      small.dispose();
    }
  });

  it('amplitude-encoded inputs: the gradient goes through the normalisation', () => {
    const c = new CircuitBuilder(3, { numInputs: 9 }).amplitude(3, 1).ry(0, param(0)).cnot(0, 1).rx(2, input(0)).crz(1, 2, param(1)).rzz(0, 2, param(0, -0.5)).build();
    const e: Execution = { circuit: c, params: [0.3, -0.8], inputs: Array.from(randomValues(18, 9), (v) => v + 1.5) };
    const upRe = Array.from(randomValues(16, 10));
    const upIm = Array.from(randomValues(16, 11));
    const r = b.stateVjp(e, upRe, upIm);
    const fd = amplitudeDifferences(e, upRe, upIm);
    expectClose(r.params, fd.params);
    expectClose(r.inputs, fd.inputs);
  });

  it('a loss of overlaps |<psi_0|psi_1>|^2: the chain rule through the cotangent', () => {
    const c = new CircuitBuilder(2, { numInputs: 3 }).rx(0, input(0)).rx(1, input(1)).rzz(0, 1, input(2)).rz(1, input(0)).rx(0, input(2)).build();
    const x = [0.4, -1.1, 0.7, 1.3, 0.2, -0.5];
    const loss = (xs: number[]): number => {
      const s = b.amplitudes({ circuit: c, params: [], inputs: xs });
      let ar = 0, ai = 0; // <psi_0|psi_1>
      for (let i = 0; i < 4; i++) {
        ar += s.re[i]! * s.re[4 + i]! + s.im[i]! * s.im[4 + i]!;
        ai += s.re[i]! * s.im[4 + i]! - s.im[i]! * s.re[4 + i]!;
      }
      return ar * ar + ai * ai;
    };
    const s = b.amplitudes({ circuit: c, params: [], inputs: x });
    let ar = 0, ai = 0;
    for (let i = 0; i < 4; i++) {
      ar += s.re[i]! * s.re[4 + i]! + s.im[i]! * s.im[4 + i]!;
      ai += s.re[i]! * s.im[4 + i]! - s.im[i]! * s.re[4 + i]!;
    }
    const upRe = new Array<number>(8).fill(0), upIm = new Array<number>(8).fill(0);
    for (let i = 0; i < 4; i++) {
      upRe[i] = 2 * (ar * s.re[4 + i]! + ai * s.im[4 + i]!);
      upIm[i] = 2 * (ar * s.im[4 + i]! - ai * s.re[4 + i]!);
      upRe[4 + i] = 2 * (ar * s.re[i]! - ai * s.im[i]!);
      upIm[4 + i] = 2 * (ar * s.im[i]! + ai * s.re[i]!);
    }
    const r = b.stateVjp({ circuit: c, params: [], inputs: x }, upRe, upIm);
    const h = 1e-6;
    const fd = x.map((_, k) => {
      const p = [...x], m = [...x];
      p[k]! += h;
      m[k]! -= h;
      return (loss(p) - loss(m)) / (2 * h);
    });
    expectClose(r.inputs, fd);
  });

  it('validates the cotangents and refuses noisy circuits', () => {
    const c = new CircuitBuilder(1, { numInputs: 1 }).rx(0, input(0)).build();
    expect(() => b.stateVjp({ circuit: c, params: [], inputs: [0.1] }, [1], [0, 0])).toThrow(ValidationError);
    expect(() => b.stateVjp({ circuit: c, params: [], inputs: [0.1] }, [1, NaN], [0, 0])).toThrow(/upstreamRe\[1\]/);
    const noisy = new StatevectorBackend({ threads: 1, noise: { channels: [{ kind: 'depolarizing', probability: 0.1 }] } });
    try {
      expect(() => noisy.stateVjp({ circuit: c, params: [], inputs: [0.1] }, [1, 0], [0, 0])).toThrow(UnsupportedError);
    } finally {
      noisy.dispose();
    }
  });
});
