import { CircuitBuilder, type NoiseModel, parseObservable, ValidationError } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { StatevectorBackend } from './statevectorBackend.js';
import { randomCircuit, randomValues } from '@hqml/core/testing';

const Z0 = parseObservable('Z0');

describe('noise: density matrix against analytic channels', () => {
  const run = (noise: NoiseModel, c: CircuitBuilder, obs = [Z0]): Float64Array =>
    new StatevectorBackend({ threads: 1, noise, noiseMethod: 'density-matrix' }).expectation({ circuit: c.build(), params: [] }, obs);

  it('depolarizing p after X: <Z> = -(1 - 4p/3)', () => {
    expect(run({ channels: [{ kind: 'depolarizing', probability: 0.3 }] }, new CircuitBuilder(1).x(0))[0]).toBeCloseTo(-(1 - 0.4), 13);
  });
  it('amplitude damping g after X: P(1) = 1 - g; phase damping l on |+>: <X> = sqrt(1 - l); flips', () => {
    expect(run({ channels: [{ kind: 'amplitude-damping', probability: 0.25 }] }, new CircuitBuilder(1).x(0))[0]).toBeCloseTo(1 - 2 * 0.75, 13);
    expect(run({ channels: [{ kind: 'phase-damping', probability: 0.36 }] }, new CircuitBuilder(1).h(0), [parseObservable('X0')])[0]).toBeCloseTo(0.8, 13);
    expect(run({ channels: [{ kind: 'bit-flip', probability: 0.1 }] }, new CircuitBuilder(1).h(0).h(0))[0]).toBeCloseTo(0.8, 13);
    expect(run({ channels: [{ kind: 'phase-flip', probability: 0.1, gates: ['H'], qubits: [0] }] }, new CircuitBuilder(1).h(0), [parseObservable('X0')])[0]).toBeCloseTo(0.8, 13);
  });
  it('channels act only after the named gates and on the named qubits', () => {
    const noise: NoiseModel = { channels: [{ kind: 'bit-flip', probability: 0.5, gates: ['CNOT'], qubits: [1] }] };
    const e = run(noise, new CircuitBuilder(2).x(0).cnot(0, 1), [parseObservable('Z0'), parseObservable('Z1')]);
    expect(Array.from(e)).toEqual([-1, 0].map((v) => expect.closeTo(v, 13)));
  });
  it('readout error acts on probabilities, samples and expectation values', () => {
    const noise: NoiseModel = { channels: [], readout: [{ p01: 0.1, p10: 0.05 }, { p01: 0, p10: 0.2 }] };
    const b = new StatevectorBackend({ threads: 1, noise });
    const c = new CircuitBuilder(2).x(0).build();
    // true state |01> (qubit 0 = 1): qubit 0 reads 1 w.p. 0.9, qubit 1 reads 1 w.p. 0.2
    const p = b.probabilities({ circuit: c, params: [] });
    expect(Array.from(p)).toEqual([0.1 * 0.8, 0.9 * 0.8, 0.1 * 0.2, 0.9 * 0.2].map((v) => expect.closeTo(v, 13)));
    const e = b.expectation({ circuit: c, params: [] }, [parseObservable('Z0'), parseObservable('Z1'), parseObservable('Z0 Z1')]);
    // <Z0 Z1> measured = sum_outcomes p * (-1)^(b0 + b1)
    expect(Array.from(e)).toEqual([0.1 - 0.9, 0.8 - 0.2, 0.1 * 0.8 - 0.9 * 0.8 - 0.1 * 0.2 + 0.9 * 0.2].map((v) => expect.closeTo(v, 13)));
    const s = b.sample({ circuit: c, params: [] }, 20000, 1);
    const ones = Array.from(s).filter((v) => v === 1).length / 20000;
    expect(Math.abs(ones - 0.72)).toBeLessThan(5 * Math.sqrt((0.72 * 0.28) / 20000));
  });
  it('rejects a malformed noise model', () => {
    expect(() => new StatevectorBackend({ noise: { channels: [{ kind: 'depolarizing', probability: 1.5 }] } })).toThrow(ValidationError);
    expect(() => new StatevectorBackend({ noise: { channels: [{ kind: 'bogus' as 'depolarizing', probability: 0.1 }] } })).toThrow(/known kinds/);
  });
});

describe('noise: quantum trajectories agree with the density matrix within 3 standard errors', () => {
  const noise: NoiseModel = {
    channels: [
      { kind: 'depolarizing', probability: 0.04 },
      { kind: 'amplitude-damping', probability: 0.08, gates: ['RX', 'RY', 'U3', 'H'] },
      { kind: 'phase-damping', probability: 0.1, qubits: [0, 2] },
      { kind: 'bit-flip', probability: 0.03, gates: ['CNOT', 'CZ', 'CRY'] },
      { kind: 'phase-flip', probability: 0.05, gates: ['RZZ', 'SWAP'] },
    ],
  };
  const c = randomCircuit(4, 30, 404, { numParams: 2 });
  const params = randomValues(2, 7);
  const R = 3000;
  const exact = new StatevectorBackend({ threads: 1, noise, noiseMethod: 'density-matrix' });
  // one trajectory per row: rows are independent trajectories, so their spread gives the standard error
  const traj = new StatevectorBackend({ threads: 2, noise, noiseMethod: 'trajectories', trajectories: 1, noiseSeed: 12 });

  it('expectation values', () => {
    const obs = [parseObservable('Z0'), parseObservable('X1 X2'), parseObservable('Z0 Z3 + 0.5*Y2')];
    const ref = exact.expectation({ circuit: c, params }, obs);
    const v = traj.expectation({ circuit: c, params, batchSize: R }, obs);
    obs.forEach((_, o) => {
      let m = 0, m2 = 0;
      for (let r = 0; r < R; r++) {
        m += v[r * obs.length + o]! / R;
        m2 += v[r * obs.length + o]! ** 2 / R;
      }
      const se = Math.sqrt((m2 - m * m) / (R - 1));
      expect(Math.abs(m - ref[o]!)).toBeLessThan(3 * se);
    });
  });

  it('probabilities, and the averaged-trajectory mode of the backend', () => {
    const ref = exact.probabilities({ circuit: c, params }, [0, 3]);
    const v = traj.probabilities({ circuit: c, params, batchSize: R }, [0, 3]);
    for (let k = 0; k < 4; k++) {
      let m = 0, m2 = 0;
      for (let r = 0; r < R; r++) {
        m += v[r * 4 + k]! / R;
        m2 += v[r * 4 + k]! ** 2 / R;
      }
      const se = Math.sqrt((m2 - m * m) / (R - 1));
      expect(Math.abs(m - ref[k]!)).toBeLessThan(3 * se + 1e-12);
    }
    const avg = new StatevectorBackend({ threads: 1, noise, noiseMethod: 'trajectories', trajectories: 500, noiseSeed: 3 });
    const a = avg.expectation({ circuit: c, params }, [Z0]);
    const a2 = avg.expectation({ circuit: c, params }, [Z0]);
    expect(a[0]).toBe(a2[0]);
    expect(Math.abs(a[0]! - exact.expectation({ circuit: c, params }, [Z0])[0]!)).toBeLessThan(0.15);
    traj.dispose();
  });
});
