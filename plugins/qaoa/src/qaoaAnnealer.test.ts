import { type BackendCapabilities, type Execution, IsingModel, type Observable, type QuantumBackend, ResourceError, Rng, UnsupportedError, ValidationError, isGradientProvider } from '@hqml/core';
import { describeAnnealerContract } from '@hqml/core/testing';
import { ExactSolver } from '@hqml/anneal';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { maxCutModel, petersenGraph, randomRegularGraph, ringGraph } from './graphs.js';
import { QaoaAnnealer } from './qaoaAnnealer.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());

/**
 * The statevector backend without its gradient ability: a real backend (every call is the
 * simulator's) that only hides `vjp`, as a shot-based or hardware backend would.
 */
class NoGradientBackend implements QuantumBackend {
  readonly id = 'statevector-no-gradients';
  constructor(private readonly inner: QuantumBackend) {}
  get capabilities(): BackendCapabilities {
    return this.inner.capabilities;
  }
  expectation(e: Execution, o: readonly Observable[]): Float64Array {
    return this.inner.expectation(e, o);
  }
  probabilities(e: Execution, q?: readonly number[]): Float64Array {
    return this.inner.probabilities(e, q);
  }
  sample(e: Execution, shots: number, seed: number): Uint32Array {
    return this.inner.sample(e, shots, seed);
  }
}

describeAnnealerContract('anneal.qaoa on statevector', () => new QaoaAnnealer(backend), { sampleOptions: { p: 3 } });
describeAnnealerContract('anneal.qaoa without gradients (Nelder-Mead)', () => new QaoaAnnealer(new NoGradientBackend(backend)), { sampleOptions: { p: 2 } });

/** <C>/|E| of Max-Cut from the mean Ising energy: cut = (|E| - E) / 2. */
function cutFraction(edges: number, expectation: number): number {
  return (edges - expectation) / (2 * edges);
}

describe('anneal.qaoa', () => {
  it('reaches the optimal p = 1 value <C>/|E| = 0.69245 on the Petersen graph and 0.75 on a ring', async () => {
    const a = new QaoaAnnealer(backend);
    const petersen = petersenGraph();
    const ss = await a.sample(maxCutModel(petersen), { p: 1, seed: 1, numReads: 10 });
    expect(cutFraction(15, ss.info['expectation'] as number)).toBeCloseTo(0.5 + 1 / (3 * Math.sqrt(3)), 6);
    expect(cutFraction(15, ss.info['expectation'] as number)).toBeCloseTo(0.69245, 5);
    expect(ss.info['optimizer']).toBe('lbfgs');
    expect(ss.info['gradientMethod']).toBe('adjoint');
    const ring = await a.sample(maxCutModel(ringGraph(8)), { p: 1, seed: 1, numReads: 10 });
    expect(cutFraction(8, ring.info['expectation'] as number)).toBeCloseTo(0.75, 6);
  });

  it('reaches the same p = 1 optimum without gradients (Nelder-Mead on expectation values)', async () => {
    const a = new QaoaAnnealer(new NoGradientBackend(backend));
    const ss = await a.sample(maxCutModel(petersenGraph()), { p: 1, seed: 1, numReads: 10 });
    expect(ss.info['optimizer']).toBe('nelder-mead');
    expect(cutFraction(15, ss.info['expectation'] as number)).toBeCloseTo(0.69245, 4);
  });

  it('optimises with central differences of expectation values on request, with or without backend gradients', async () => {
    for (const b of [backend, new NoGradientBackend(backend)]) {
      const ss = await new QaoaAnnealer(b).sample(maxCutModel(petersenGraph()), { p: 1, seed: 1, numReads: 10, gradientMethod: 'finite-diff' });
      expect(ss.info['optimizer']).toBe('lbfgs');
      expect(ss.info['gradientMethod']).toBe('finite-diff');
      expect(cutFraction(15, ss.info['expectation'] as number)).toBeCloseTo(0.69245, 5);
    }
  });

  it('reports ground energy and approximation ratio that agree with anneal.exact, and INTERP improves with p', async () => {
    const model = maxCutModel(randomRegularGraph(12, 3, 5));
    const exact = await new ExactSolver().sample(model);
    const ground = exact.first.energy;
    const top = exact.energies[exact.size - 1]!;
    const a = new QaoaAnnealer(backend);
    const ratios: number[] = [];
    for (const p of [1, 2, 3]) {
      const ss = await a.sample(model, { p, seed: 2, numReads: 200 });
      expect(ss.info['groundEnergy']).toBeCloseTo(ground, 12);
      expect(ss.info['maxEnergy']).toBeCloseTo(top, 12);
      const e = ss.info['expectation'] as number;
      expect(ss.info['approximationRatio']).toBeCloseTo((top - e) / (top - ground), 12);
      ratios.push(ss.info['approximationRatio'] as number);
      // every shot's energy is an energy of the exact spectrum, none below the ground state
      for (const r of ss.records()) expect(r.energy).toBeGreaterThanOrEqual(ground - 1e-9);
      expect((ss.info['history'] as unknown[]).length).toBe(p);
    }
    expect(ratios[0]).toBeGreaterThan(0.69);
    expect(ratios[1]!).toBeGreaterThan(ratios[0]!);
    expect(ratios[2]!).toBeGreaterThan(ratios[1]!);
  });

  it('draws shots whose frequencies follow the optimised distribution (seeded, reproducible)', async () => {
    const model = maxCutModel(ringGraph(6));
    const a = new QaoaAnnealer(backend);
    const s1 = await a.sample(model, { p: 2, seed: 7, numReads: 4000 });
    const s2 = await a.sample(model, { p: 2, seed: 7, numReads: 4000 });
    expect(s1.toJSON().samples).toEqual(s2.toJSON().samples);
    expect(s1.toJSON().numOccurrences).toEqual(s2.toJSON().numOccurrences);
    const pGround = s1.info['groundStateProbability'] as number;
    const ground = s1.info['groundEnergy'] as number;
    let hits = 0;
    for (const r of s1.records()) if (r.energy <= ground + 1e-9) hits += r.numOccurrences;
    // binomial standard error at 4000 shots is below 0.008: 5 sigma
    expect(Math.abs(hits / 4000 - pGround)).toBeLessThan(0.04);
    const s3 = await a.sample(model, { p: 2, seed: 8, numReads: 4000 });
    expect(s3.toJSON().samples).not.toEqual(s1.toJSON().samples);
  });

  it('optimises CVaR(alpha) with Nelder-Mead; the CVaR it reports is below the mean energy', async () => {
    const model = maxCutModel(randomRegularGraph(10, 3, 1));
    const a = new QaoaAnnealer(backend);
    const ss = await a.sample(model, { p: 2, seed: 3, numReads: 100, objective: 'cvar', cvarAlpha: 0.2 });
    expect(ss.info['objective']).toBe('cvar');
    expect(ss.info['optimizer']).toBe('nelder-mead');
    expect(ss.info['cvar'] as number).toBeLessThan(ss.info['expectation'] as number);
    // CVaR concentrates mass on low energies: the ground state is more likely than under the expectation objective
    const plain = await a.sample(model, { p: 2, seed: 3, numReads: 100 });
    expect(ss.info['groundStateProbability'] as number).toBeGreaterThan(plain.info['groundStateProbability'] as number);
    await expect(a.sample(model, { objective: 'cvar', optimizer: 'lbfgs' })).rejects.toThrow(UnsupportedError);
  });

  it('a warm start from a good cut beats the cold start at p = 1 (Egger et al.)', async () => {
    const model = maxCutModel(randomRegularGraph(14, 3, 9));
    const exact = await new ExactSolver().sample(model, { numReads: 1 });
    const best = exact.first.sample;
    // a warm start from the optimum with one bit wrong, as probabilities of spin +1
    const c = Array.from(best, (s, i) => (i === 0 ? (s > 0 ? 0 : 1) : s > 0 ? 1 : 0));
    const a = new QaoaAnnealer(backend);
    const cold = await a.sample(model, { p: 1, seed: 1, numReads: 50 });
    const warm = await a.sample(model, { p: 1, seed: 1, numReads: 50, warmStart: c });
    // measured: 0.846 warm vs 0.820 cold on this graph
    expect(warm.info['approximationRatio'] as number).toBeGreaterThan((cold.info['approximationRatio'] as number) + 0.01);
    expect((warm.info['warmStart'] as { thetas: number[] }).thetas[1]).toBeCloseTo(best[1]! > 0 ? (2 * Math.PI) / 3 : Math.PI / 3, 12);
  });

  it('accepts every initialisation, and a seeded random start is reproducible', async () => {
    const model = maxCutModel(ringGraph(6));
    const a = new QaoaAnnealer(backend);
    for (const init of ['interp', 'fourier', 'ramp', 'tqa', 'random'] as const) {
      const ss = await a.sample(model, { p: 2, init, seed: 4, numReads: 20 });
      expect(ss.info['p']).toBe(2);
      expect(ss.info['approximationRatio'] as number).toBeGreaterThan(0.75);
    }
    const r1 = await a.sample(model, { p: 2, init: 'random', seed: 5, numReads: 5 });
    const r2 = await a.sample(model, { p: 2, init: 'random', seed: 5, numReads: 5 });
    expect(r1.info['gammas']).toEqual(r2.info['gammas']);
  });

  it('validates before computing: options, sizes, warm-start length', async () => {
    const a = new QaoaAnnealer(backend);
    const model = maxCutModel(ringGraph(5));
    await expect(a.sample(model, { p: 0 })).rejects.toThrow(ValidationError);
    await expect(a.sample(model, { init: 'grid' })).rejects.toThrow(/init/);
    await expect(a.sample(model, { warmStart: [0.5, 0.5] })).rejects.toThrow(/warmStart has 2 values for 5 variables/);
    await expect(a.sample(model, { warmStart: [0.5, 0.5, 0.5, 0.5, 2] })).rejects.toThrow(/warmStart\[4\]/);
    await expect(a.sample(model, { cvarAlpha: 0 })).rejects.toThrow(ValidationError);
    const big = IsingModel.from({ J: Array.from({ length: 40 }, (_, i) => [i, i + 1, 1] as [number, number, number]) });
    await expect(a.sample(big, {})).rejects.toThrow(ResourceError);
    const ss = await a.sample(model, { numReads: 3, seed: 1, numSweeps: 10 });
    expect(ss.info['ignoredOptions']).toEqual(['numSweeps']);
  });
});

describe('anneal.qaoa block mode', () => {
  it('solves a model larger than its blocks by block-coordinate descent; read 0 is the final state', async () => {
    const rng = Rng.from(12);
    const n = 18;
    const J: Array<[number, number, number]> = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.float() < 0.25) J.push([i, j, rng.float() * 2 - 1]);
    const model = IsingModel.from({ h: Array.from({ length: n }, () => rng.float() - 0.5), J });
    const exact = await new ExactSolver().sample(model, { numReads: 1 });
    const c = Array.from({ length: n }, () => rng.float());
    const rounded = Int8Array.from(c, (v) => (v >= 0.5 ? 1 : -1));
    const a = new QaoaAnnealer(backend);
    const ss = await a.sample(model, { p: 2, seed: 3, numReads: 20, blockSize: 6, blockSweeps: 3, warmStart: c });
    expect(ss.info['blocks']).toBe(3);
    expect(ss.numReads).toBe(20);
    expect(ss.first.energy).toBeLessThan(model.energy(rounded));
    expect(ss.first.energy).toBeGreaterThanOrEqual(exact.first.energy - 1e-9);
    // within 10% of the ground energy's magnitude on this instance
    expect(ss.first.energy).toBeLessThan(exact.first.energy * 0.9);
    const again = await a.sample(model, { p: 2, seed: 3, numReads: 20, blockSize: 6, blockSweeps: 3, warmStart: c });
    expect(again.toJSON().samples).toEqual(ss.toJSON().samples);
  });

  it('checks explicit blocks: a partition of the variables, each within the backend', async () => {
    const a = new QaoaAnnealer(backend);
    const model = maxCutModel(ringGraph(6));
    await expect(a.sample(model, { blocks: [[0, 1, 2], [2, 3, 4, 5]] })).rejects.toThrow(/variable 2 is in two blocks/);
    await expect(a.sample(model, { blocks: [[0, 1, 2], [3, 4]] })).rejects.toThrow(/variable 5 is in no block/);
    const ss = await a.sample(model, { blocks: [[0, 2, 4], [1, 3, 5]], seed: 1, numReads: 5 });
    expect(ss.first.energy).toBe(-6);
  });
});

describe('backend capability', () => {
  it('the statevector backend gives gradients and the wrapper hides them', () => {
    expect(isGradientProvider(backend)).toBe(true);
    expect(isGradientProvider(new NoGradientBackend(backend))).toBe(false);
  });
});
