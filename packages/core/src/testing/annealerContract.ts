import { describe, expect, it } from 'vitest';
import type { Annealer } from '../contracts/annealer.js';
import { sampleQubo } from '../contracts/annealer.js';
import { ValidationError } from '../errors.js';
import { IsingModel } from '../models/ising.js';
import { QuboModel } from '../models/qubo.js';
import { Rng } from '../rng.js';
import { bruteForceGround } from './bruteForce.js';

/** Options of {@link describeAnnealerContract}. */
export interface AnnealerContractOptions {
  /** Extra sampler options for every call (e.g. a short schedule to keep tests fast). */
  readonly sampleOptions?: Record<string, unknown>;
  /** Whether the annealer is a heuristic that may miss the ground state (default true). */
  readonly heuristic?: boolean;
  /** Skip the seed-reproducibility check (hardware). */
  readonly nondeterministic?: boolean;
}

function randomModel(n: number, seed: number): IsingModel {
  const rng = Rng.from(seed);
  const h = Array.from({ length: n }, () => rng.float() * 2 - 1);
  const J: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.float() < 0.5) J.push([i, j, rng.float() * 2 - 1]);
  return IsingModel.from({ h, J, offset: 0.25 });
}

/**
 * The Annealer contract (dimod's sampler asserts): a SampleSet whose energies agree with the
 * model's own evaluator, reads add up, the input is not mutated, the same seed gives the same
 * result, QUBOs round-trip, invalid options fail before compute, and a small instance's ground
 * state (by enumeration) is found.
 */
export function describeAnnealerContract(name: string, make: () => Annealer | Promise<Annealer>, options: AnnealerContractOptions = {}): void {
  const extra = options.sampleOptions ?? {};
  describe(`Annealer contract: ${name}`, () => {
    it('returns samples whose energies the model recomputes, with reads adding up', async () => {
      const a = await make();
      const model = randomModel(8, 1);
      const ss = await a.sample(model, { ...extra, numReads: 20, seed: 3 });
      expect(ss.vartype).toBe('SPIN');
      expect(ss.numVariables).toBe(8);
      expect(ss.numReads).toBe(20);
      const recomputed = model.energies(ss.samples, ss.size);
      Array.from(ss.energies).forEach((e, i) => expect(e).toBeCloseTo(recomputed[i] as number, 9));
      await a.dispose?.();
    });

    it('does not mutate the model', async () => {
      const a = await make();
      const model = randomModel(6, 2);
      const before = JSON.stringify([Array.from(model.linear), Array.from(model.values), model.offset]);
      await a.sample(model, { ...extra, numReads: 5, seed: 1 });
      expect(JSON.stringify([Array.from(model.linear), Array.from(model.values), model.offset])).toBe(before);
      await a.dispose?.();
    });

    it.skipIf(options.nondeterministic === true)('gives the same SampleSet for the same seed', async () => {
      const a = await make();
      const model = randomModel(10, 4);
      const s1 = await a.sample(model, { ...extra, numReads: 10, seed: 42 });
      const s2 = await a.sample(model, { ...extra, numReads: 10, seed: 42 });
      expect(s1.toJSON().samples).toEqual(s2.toJSON().samples);
      await a.dispose?.();
    });

    it('finds the ground state of a small frustrated instance', async () => {
      const a = await make();
      const model = randomModel(10, 5);
      const exact = bruteForceGround(model);
      const ss = await a.sample(model, { ...extra, numReads: 30, seed: 9 });
      expect(ss.first.energy).toBeCloseTo(exact.energy, 9);
      await a.dispose?.();
    });

    it('samples QUBOs through the Ising form with QUBO energies', async () => {
      const a = await make();
      const qubo = QuboModel.fromEntries([[0, 0, -1], [1, 1, -1], [0, 1, 2], [2, 2, 0.5], [1, 2, -1]]);
      const ss = await sampleQubo(a, qubo, { ...extra, numReads: 10, seed: 2 });
      expect(ss.vartype).toBe('BINARY');
      // ground state by hand: x = (1, 1, 0)? E = -1 -1 +2 = 0; (0, 1, 0): -1; (0, 1, 1): -1 + 0.5 - 1 = -1.5
      expect(ss.first.energy).toBeCloseTo(-1.5, 9);
      expect(Array.from(ss.first.sample)).toEqual([0, 1, 1]);
      await a.dispose?.();
    });

    it('rejects invalid options with a ValidationError', async () => {
      const a = await make();
      await expect(a.sample(randomModel(4, 1), { ...extra, numReads: -1 })).rejects.toThrow(ValidationError);
      await expect(a.sample(randomModel(4, 1), { ...extra, numReads: 1.5 })).rejects.toThrow(ValidationError);
      await a.dispose?.();
    });
  });
}
