import { describe, expect, it } from 'vitest';
import { interpolateAngles, rampAngles, tqaAngles } from './angles.js';
import { cvar } from './cvar.js';
import { warmStartThetas } from './warmStart.js';

/** The reference values of issue 17 (and docs/REFERENCE.md section 6). */
describe('QAOA reference values', () => {
  it('ramp initialisation at p = 3: beta = [0.58333, 0.35, 0.11667], gamma reversed', () => {
    const a = rampAngles(3);
    [0.58333, 0.35, 0.11667].forEach((b, i) => expect(a.betas[i]).toBeCloseTo(b, 5));
    [0.11667, 0.35, 0.58333].forEach((g, i) => expect(a.gammas[i]).toBeCloseTo(g, 5));
  });

  it('CVaR at alpha = 0.5 of {-3: 0.25, -1: 0.5, 0: 0.25} is -2.0', () => {
    expect(cvar([-1, 0, -3], [0.5, 0.25, 0.25], 0.5)).toBeCloseTo(-2, 12);
  });

  it('warm start with c = [0.1, 0.5, 0.9] and the default eps = 0.25 gives theta = [pi/3, pi/2, 2 pi/3]', () => {
    const t = warmStartThetas([0.1, 0.5, 0.9]);
    [Math.PI / 3, Math.PI / 2, (2 * Math.PI) / 3].forEach((v, i) => expect(t[i]).toBeCloseTo(v, 12));
  });
});

describe('cvar', () => {
  it('is the mean at alpha = 1 and the minimum of the support as alpha -> 0', () => {
    const v = [2, -1, 5, 0.5];
    const p = [0.1, 0.2, 0.3, 0.4];
    expect(cvar(v, p, 1)).toBeCloseTo(2 * 0.1 - 0.2 + 1.5 + 0.2, 12);
    expect(cvar(v, p, 1e-9)).toBeCloseTo(-1, 6);
    // unnormalised weights mean the same distribution; zero-probability outcomes do not count
    expect(cvar([...v, -100], [1, 2, 3, 4, 0], 0.25)).toBeCloseTo((0.2 * -1 + 0.05 * 0.5) / 0.25, 12);
  });

  it('rejects alpha outside (0, 1] and mismatched lengths', () => {
    expect(() => cvar([1], [1], 0)).toThrow(/alpha/);
    expect(() => cvar([1], [1], 1.5)).toThrow(/alpha/);
    expect(() => cvar([1, 2], [1], 0.5)).toThrow(/probabilities/);
  });
});

describe('warm start', () => {
  it('starts each qubit with probability c of reading 1 (sin^2(theta / 2) = clipped c)', () => {
    const c = [0, 0.3, 0.62, 1];
    const t = warmStartThetas(c, 0.1);
    [0.1, 0.3, 0.62, 0.9].forEach((v, i) => expect(Math.sin(t[i]! / 2) ** 2).toBeCloseTo(v, 12));
    expect(Array.from(warmStartThetas(c, 0.5))).toEqual([Math.PI / 2, Math.PI / 2, Math.PI / 2, Math.PI / 2].map((x) => expect.closeTo(x, 12)));
  });

  it('rejects probabilities outside [0, 1] and eps outside [0, 0.5], naming the value', () => {
    expect(() => warmStartThetas([0.2, 1.2])).toThrow(/warmStart\[1\] is 1\.2/);
    expect(() => warmStartThetas([0.2], 0.7)).toThrow(/epsilon/);
    expect(() => warmStartThetas([Number.NaN])).toThrow(/warmStart\[0\]/);
  });
});

describe('initial angles', () => {
  it('TQA: gamma_i = (i/p) dt, beta_i = (1 - i/p) dt', () => {
    const a = tqaAngles(4, 0.8);
    expect(a.gammas).toEqual([0.2, 0.4, 0.6, 0.8].map((x) => expect.closeTo(x, 12)));
    expect(a.betas).toEqual([0.6, 0.4, 0.2, 0].map((x) => expect.closeTo(x, 12)));
  });

  it('INTERP grows [a] to [a, a] and [a, b] to [a, (a+b)/2, b] (Zhou et al., by hand)', () => {
    expect(interpolateAngles({ gammas: [0.4], betas: [0.3] })).toEqual({ gammas: [0.4, 0.4], betas: [0.3, 0.3] });
    const g = interpolateAngles({ gammas: [0.2, 0.6], betas: [0.5, 0.1] });
    expect(g.gammas).toEqual([0.2, 0.4, 0.6].map((x) => expect.closeTo(x, 12)));
    expect(g.betas).toEqual([0.5, 0.3, 0.1].map((x) => expect.closeTo(x, 12)));
    // p = 3 -> 4: x'_2 = (1/3) x_1 + (2/3) x_2, x'_3 = (2/3) x_2 + (1/3) x_3
    const h = interpolateAngles({ gammas: [0.3, 0.6, 0.9], betas: [0.9, 0.6, 0.3] });
    expect(h.gammas).toEqual([0.3, 0.5, 0.7, 0.9].map((x) => expect.closeTo(x, 12)));
  });

  it('rejects p < 1 and non-positive time steps', () => {
    expect(() => rampAngles(0)).toThrow(/depth p/);
    expect(() => tqaAngles(2, -1)).toThrow(/time step/);
  });
});
