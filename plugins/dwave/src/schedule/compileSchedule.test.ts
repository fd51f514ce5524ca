import { describe, expect, it } from 'vitest';
import { emulatedProperties } from '../emulator/solverProperties.js';
import { chimeraGraph } from '../topology/chimera.js';
import { type LearnedTerm, compileSchedule } from './compileSchedule.js';

const terms: LearnedTerm[] = [
  { kind: 'X', qubits: [0] },
  { kind: 'X', qubits: [1] },
  { kind: 'Z', qubits: [0] },
  { kind: 'Z', qubits: [1] },
  { kind: 'ZZ', qubits: [0, 1] },
];
const props = emulatedProperties(chimeraGraph(1), { type: 'chimera', shape: [1, 1, 4] });

describe('compileSchedule (learned schedule -> QPU anneal_schedule, h_gain_schedule, h, J)', () => {
  it('an expressible schedule compiles without loss: s from A/B, gains from fields / couplings', () => {
    // step k: X = -x_k on both qubits, ZZ = b_k * 1, Z = b_k * g_k * (1, -0.5)
    // with A = (1-s)^2, B = s^2: A/B = 1 at s = 0.5, A/B = 1/9 at s = 0.75
    const x = [2, 3 / 9]; // A/B = x_k / b_k = 1 and 1/9
    const bk = [2, 3];
    const g = [1, 0.5];
    const amplitudes = [0, 1].flatMap((k) => [x[k]!, x[k]!, bk[k]! * g[k]!, -0.5 * bk[k]! * g[k]!, bk[k]!]);
    const c = compileSchedule({ numQubits: 2, terms, steps: 2, amplitudes }, { annealingTime: 20, properties: props });
    const sValues = c.annealSchedule.map(([, s]) => s);
    expect(sValues[0]).toBe(1);
    expect(sValues).toContain(0.5);
    expect(sValues.some((s) => Math.abs(s - 0.75) < 1e-9)).toBe(true);
    expect(sValues[sValues.length - 1]).toBe(1);
    expect(c.h).toEqual([1, -0.5]);
    expect(c.J).toEqual([[0, 1, 1]]);
    const gains = c.hGainSchedule.map(([, v]) => v);
    expect(gains[0]).toBeCloseTo(1, 9);
    expect(gains.some((v) => Math.abs(v - 0.5) < 1e-9)).toBe(true);
    expect(c.limitations.filter((l) => l.relativeError !== undefined && l.relativeError > 1e-9)).toEqual([]);
    expect(c.violations).toEqual([]);
    expect(c.initialState).toEqual([1, 1]);
    // plateau of step 0 lasts 10 µs at s = 0.5
    const i = c.annealSchedule.findIndex(([, s]) => s === 0.5);
    expect(c.annealSchedule[i + 1]![0] - c.annealSchedule[i]![0]).toBeCloseTo(10, 9);
  });

  it('reports what is lost: non-uniform transverse fields and couplings that change shape over time', () => {
    const threeTerms: LearnedTerm[] = [...terms, { kind: 'ZZ', qubits: [0, 2] }, { kind: 'X', qubits: [2] }, { kind: 'Z', qubits: [2] }];
    // X differs per qubit; the two couplings swap roles between steps (rank 2)
    const amplitudes = [
      [1, 0.2, 0.3, 0.1, 1, 0, 0.6, 0.1],
      [0.5, 0.5, 0.1, 0.1, 0, 1, 0.5, 0.2],
    ].flat();
    const c = compileSchedule({ numQubits: 3, terms: threeTerms, steps: 2, amplitudes });
    const by = (w: string): number | undefined => c.limitations.find((l) => l.what.startsWith(w))?.relativeError;
    expect(by('per-qubit transverse fields')).toBeGreaterThan(0.1);
    expect(by('couplings that change')).toBeGreaterThan(0.3);
    expect(c.limitations.some((l) => l.what === 'the final quantum state')).toBe(true);
  });

  it('flags schedules the solver cannot run (too many points) and refuses malformed input', () => {
    const steps = 8;
    const amplitudes = Array.from({ length: steps }, (_, k) => [1 / (k + 1), 1 / (k + 1), 0, 0, 1]).flat();
    const c = compileSchedule({ numQubits: 2, terms, steps, amplitudes }, { properties: props });
    expect(c.violations.join(' ')).toMatch(/points/);
    expect(() => compileSchedule({ numQubits: 2, terms, steps: 2, amplitudes: [1, 2, 3] })).toThrow(/step-major/);
  });
});
