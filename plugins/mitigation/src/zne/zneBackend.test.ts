import { type Circuit, CircuitBuilder, type QuantumBackend, input, isGradientProvider, param, parseObservable, pauliZ } from '@hqml/core';
import { describeBackendContract, describeMitigatorContract } from '@hqml/core/testing';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { plainBackend } from '../test/plainBackend.js';
import { ExpFactory, LinearFactory, RichardsonFactory } from './factories.js';
import { ZneMitigator } from './zneMitigator.js';
import { ZneGradientBackend, zneBackend } from './zneBackend.js';

const depolarizing = (p: number): StatevectorBackend =>
  new StatevectorBackend({ threads: 1, noise: { channels: [{ kind: 'depolarizing', probability: p }] }, noiseMethod: 'density-matrix' });

describe('ZNE on a depolarizing single qubit (analytic: <Z> = (1 - 4p/3)^lambda cos theta)', () => {
  const p = 0.03, theta = 0.9, f = 1 - (4 * p) / 3;
  const inner = depolarizing(p);
  afterAll(() => inner.dispose());
  const circuit = new CircuitBuilder(1).rx(0, param(0)).build();
  const exec = { circuit, params: [theta] };

  it('the folded circuits carry lambda times the noise', () => {
    const z = zneBackend(inner, { scaleFactors: [1, 3, 5], folding: 'global' });
    const { circuits, scales } = z.circuitsFor(circuit);
    expect(scales).toEqual([1, 3, 5]);
    circuits.forEach((c, k) => expect(inner.expectation({ ...exec, circuit: c }, [pauliZ(0)])[0]).toBeCloseTo(f ** scales[k]! * Math.cos(theta), 12));
  });

  it('Richardson at [1, 3, 5] gives sum_k w_k f^lambda_k cos theta with w = (15/8, -5/4, 3/8)', () => {
    const z = zneBackend(inner, { scaleFactors: [1, 3, 5], folding: 'global', factory: new RichardsonFactory() });
    const want = ((15 / 8) * f - (5 / 4) * f ** 3 + (3 / 8) * f ** 5) * Math.cos(theta);
    expect(z.expectation(exec, [pauliZ(0)])[0]).toBeCloseTo(want, 12);
    expect(Math.abs(want - Math.cos(theta))).toBeLessThan(Math.abs(f * Math.cos(theta) - Math.cos(theta)) / 50);
  });

  it('Exp with asymptote 0 recovers cos theta exactly (the decay is exactly exponential)', () => {
    const z = zneBackend(inner, { scaleFactors: [1, 2, 3], folding: 'random', factory: new ExpFactory({ asymptote: 0 }) });
    expect(z.expectation(exec, [pauliZ(0)])[0]).toBeCloseTo(Math.cos(theta), 12);
  });
});

function ghz(n: number): Circuit {
  const b = new CircuitBuilder(n).h(0);
  for (let q = 0; q + 1 < n; q++) b.cnot(q, q + 1);
  return b.build();
}

describe('ZNE on GHZ states under depolarizing noise (density matrix)', () => {
  const inner = depolarizing(0.01);
  afterAll(() => inner.dispose());

  // Folding does not scale this noise uniformly (errors early in U act on |0>, half of them harmlessly,
  // while every error of a U^-1 U block counts), so the gain shrinks with size; README has the figures.
  it.each([
    [4, 8],
    [6, 4],
  ])('improves <Z0 Z(n-1)> of an n = %s GHZ state at least %s-fold with Richardson at [1, 3, 5]', (n, factor) => {
    const obs = [parseObservable(`Z0 Z${n - 1}`)];
    const exec = { circuit: ghz(n), params: [] };
    const noisy = inner.expectation(exec, obs)[0]!;
    const z = zneBackend(inner, { scaleFactors: [1, 3, 5], folding: 'global' }).expectation(exec, obs)[0]!;
    expect(1 - noisy).toBeGreaterThan(0.05);
    expect(Math.abs(1 - noisy) / Math.abs(1 - z)).toBeGreaterThan(factor);
  });
});

describe('gradients through ZNE on a noisy backend', () => {
  const inner = depolarizing(0.02);
  afterAll(() => inner.dispose());
  const circuit = new CircuitBuilder(2).ry(0, input(0)).rx(1, param(0)).cnot(0, 1).rz(0, param(1)).ry(1, param(1, 0.5)).rx(0, input(1)).build();
  const params = [0.4, -0.7];
  const inputs = [0.3, 1.1, -0.5, 0.2];
  const obs = [parseObservable('Z0'), parseObservable('0.5*X0 Z1 + Z1')];
  const up = [1, -0.5, 0.25, 2];

  // The second inner backend lacks expectationWithVjp, so vjp takes its own path (expectation, then weighted inner VJPs).
  const withoutDeferred = plainBackend(inner, { deferred: false });
  it.each([
    ['richardson', new RichardsonFactory(), inner],
    ['linear', new LinearFactory(), inner],
    ['exp (asymptote 0)', new ExpFactory({ asymptote: 0 }), inner],
    ['richardson, inner without expectationWithVjp', new RichardsonFactory(), withoutDeferred],
    ['exp (asymptote 0), inner without expectationWithVjp', new ExpFactory({ asymptote: 0 }), withoutDeferred],
  ] as const)('%s: VJPs equal central differences of the mitigated values', (_, factory, backend) => {
    const z = zneBackend(backend, { scaleFactors: [1, 2, 3], factory, seed: 5 });
    expect(isGradientProvider(z)).toBe(true);
    if (!(z instanceof ZneGradientBackend)) throw new Error('expected a gradient backend');
    const r = z.vjp({ circuit, params, inputs }, obs, up);
    const f = (p: number[], x: number[]): number => Array.from(z.expectation({ circuit, params: p, inputs: x }, obs)).reduce((s, v, i) => s + v * up[i]!, 0);
    const h = 1e-5;
    params.forEach((_, k) => {
      const pp = [...params], pm = [...params];
      pp[k]! += h;
      pm[k]! -= h;
      expect(r.params[k]).toBeCloseTo((f(pp, inputs) - f(pm, inputs)) / (2 * h), 6);
    });
    inputs.forEach((_, k) => {
      const xp = [...inputs], xm = [...inputs];
      xp[k]! += h;
      xm[k]! -= h;
      expect(r.inputs[k]).toBeCloseTo((f(params, xp) - f(params, xm)) / (2 * h), 6);
    });
    Array.from(z.expectation({ circuit, params, inputs }, obs)).forEach((v, i) => expect(r.value[i]).toBeCloseTo(v, 12));
    const d = z.expectationWithVjp({ circuit, params, inputs }, obs);
    Array.from(d.vjp(up).params).forEach((v, i) => expect(v).toBeCloseTo(r.params[i]!, 10));
  });

  it('exp (fitted): VJPs equal central differences where the data decay (one qubit, two parameters)', () => {
    const c1 = new CircuitBuilder(1).rx(0, param(0)).ry(0, param(1)).build();
    const z = zneBackend(inner, { scaleFactors: [1, 2, 3, 4], folding: 'global', factory: new ExpFactory() }) as ZneGradientBackend;
    const p0 = [0.5, 0.3];
    const r = z.vjp({ circuit: c1, params: p0 }, [pauliZ(0)], [1]);
    const f = (p: number[]): number => z.expectation({ circuit: c1, params: p }, [pauliZ(0)])[0]!;
    const h = 1e-5;
    p0.forEach((_, k) => {
      const pp = [...p0], pm = [...p0];
      pp[k]! += h;
      pm[k]! -= h;
      expect(r.params[k]).toBeCloseTo((f(pp) - f(pm)) / (2 * h), 5);
    });
    // Depolarizing noise on one qubit decays exactly exponentially, so the fitted Exp recovers the ideal value.
    expect(r.value[0]).toBeCloseTo(Math.cos(0.5) * Math.cos(0.3), 6);
  });

  it('has no gradient ability when the inner backend has none', () => {
    const plain: QuantumBackend = { id: 'plain', capabilities: inner.capabilities, expectation: (e, o) => inner.expectation(e, o), probabilities: (e, q) => inner.probabilities(e, q), sample: (e, s, seed) => inner.sample(e, s, seed) };
    expect(isGradientProvider(zneBackend(plain))).toBe(false);
  });
});

describe('ZneMitigator', () => {
  it('validates its options before anything runs', () => {
    expect(() => new ZneMitigator({ scaleFactors: [1] })).toThrow(/at least 2/);
    expect(() => new ZneMitigator({ scaleFactors: [1, 2], factory: new ExpFactory() })).toThrow(/at least 3/);
    expect(() => new ZneMitigator({ folding: 'sideways' as 'global' })).toThrow(/folding/);
  });

  it('names the wrapped backend and declares the mitigation', () => {
    const inner = new StatevectorBackend({ threads: 1 });
    const z = new ZneMitigator().wrap(inner);
    expect(z.id).toBe('mitigation.zne(statevector)');
    expect(z.capabilities['mitigation']).toEqual(['zne']);
    z.dispose();
  });
});

// A noise-free inner backend: the mitigated backend must meet the whole backend contract (values, VJPs).
describeBackendContract('mitigation.zne over noise-free statevector', () => new ZneMitigator().wrap(new StatevectorBackend({ threads: 1 })), { tolerance: 1e-9 });

describeMitigatorContract<QuantumBackend>('mitigation.zne', () => new ZneMitigator(), {
  inner: () => plainBackend(depolarizing(0.01), { id: 'noisy-statevector' }),
  exercise: (wrapped, inner) => {
    const exec = { circuit: ghz(3), params: [] };
    const obs = [parseObservable('Z0 Z2')];
    const noisy = inner.expectation(exec, obs)[0]!;
    const mitigated = wrapped.expectation(exec, obs)[0]!;
    expect(Math.abs(1 - mitigated)).toBeLessThan(Math.abs(1 - noisy) / 5);
    expect(isGradientProvider(wrapped)).toBe(true);
    wrapped.dispose?.();
  },
});
