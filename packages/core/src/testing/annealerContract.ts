import { describe, expect, it } from 'vitest';
import type { Annealer } from '../contracts/annealer.js';
import { sampleIsing, sampleQubo } from '../contracts/annealer.js';
import { ValidationError } from '../errors.js';
import { IsingModel } from '../models/ising.js';
import { labelKey, type VariableLabel } from '../models/labels.js';
import type { QuadraticModel } from '../models/quadraticModel.js';
import { QuboModel } from '../models/qubo.js';
import type { SampleSet } from '../models/sampleSet.js';
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
 * Energy of a row by the textbook sums over label-keyed dictionaries (dimod's `ising_energy` /
 * `qubo_energy`): independent of the model classes' own evaluator.
 */
function dictEnergy(sample: ReadonlyMap<string, number>, linear: ReadonlyArray<readonly [VariableLabel, number]>, quadratic: ReadonlyArray<readonly [VariableLabel, VariableLabel, number]>, offset: number): number {
  let e = offset;
  for (const [v, b] of linear) e += b * sample.get(labelKey(v))!;
  for (const [u, v, b] of quadratic) e += b * sample.get(labelKey(u))! * sample.get(labelKey(v))!;
  return e;
}

function rowsByLabel(ss: SampleSet): Array<Map<string, number>> {
  return Array.from(ss.records(), (r) => new Map(r.variables.map((v, i) => [labelKey(v), r.sample[i]!])));
}

function sortedKeys(labels: readonly VariableLabel[]): string[] {
  return labels.map(labelKey).sort();
}

/** dimod's `test_sample`: the set's variables and vartype are the model's, its energies the model's (4 places). */
function expectSampleOf(ss: SampleSet, model: QuadraticModel): void {
  expect(sortedKeys(ss.variables)).toEqual(sortedKeys(model.labels));
  expect(ss.vartype).toBe(model.vartype);
  const linear = model.linearEntries();
  const quadratic = model.quadraticEntries();
  for (const [k, row] of rowsByLabel(ss).entries()) {
    expect(ss.energies[k]).toBeCloseTo(dictEnergy(row, linear, quadratic, model.offset), 4);
  }
}

/**
 * dimod's `load_sampler_bqm_tests` (dimod/testing/sampler.py): an empty model, one variable with
 * the tuple label `(('a',),)` and an offset, a 1-path and a 2-path adding variables `0` and `'c'`;
 * each as `sample_ising(h, J)`, `sample_qubo(Q)`, a SPIN model with an offset and a BINARY model
 * from the QUBO with an offset. (dimod runs each on three BQM storage classes; hqml has one.)
 */
const u: VariableLabel = [['a']];
const DIMOD_CASES: ReadonlyArray<{ name: string; h: Array<[VariableLabel, number]>; J: Array<[VariableLabel, VariableLabel, number]>; Q: Array<[VariableLabel, VariableLabel, number]>; spinOffset: number; binaryOffset: number }> = [
  { name: 'empty', h: [], J: [], Q: [], spinOffset: 1.5, binaryOffset: 1.5 },
  { name: '1var', h: [[u, 6]], J: [], Q: [[u, u, 6]], spinOffset: 1.5, binaryOffset: 1.5 },
  { name: '1path', h: [[u, 6]], J: [[u, 0, -3]], Q: [[u, u, 6], [u, 0, -3]], spinOffset: 3, binaryOffset: 8 },
  { name: '2path', h: [[u, 6]], J: [[u, 0, -3], [0, 'c', 105]], Q: [[u, u, 6], [u, 0, -3], [0, 'c', 105]], spinOffset: -4, binaryOffset: 16 },
];

/**
 * The Annealer contract (dimod's sampler asserts and `load_sampler_bqm_tests`): a SampleSet in
 * the caller's form whose energies agree with an independent evaluation, over the model's own
 * labels (numbers, strings, tuples); reads add up; the input is not mutated; the same seed gives
 * the same result; empty models give empty sets; invalid options fail before compute; a small
 * instance's ground state (by enumeration) is found.
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
      await a.sample(model.binary, { ...extra, numReads: 5, seed: 1 });
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

    it('samples a QuboModel directly and answers in BINARY with the QUBO energies', async () => {
      const a = await make();
      const qubo = QuboModel.fromEntries([[0, 0, -1], [1, 1, -1], [0, 1, 2], [2, 2, 0.5], [1, 2, -1]]);
      const ss = await a.sample(qubo, { ...extra, numReads: 10, seed: 2 });
      expect(ss.vartype).toBe('BINARY');
      // ground state by hand: x = (1, 1, 0)? E = -1 -1 +2 = 0; (0, 1, 0): -1; (0, 1, 1): -1 + 0.5 - 1 = -1.5
      expect(ss.first.energy).toBeCloseTo(-1.5, 9);
      expect(Array.from(ss.first.sample)).toEqual([0, 1, 1]);
      expect((await sampleQubo(a, qubo, { ...extra, numReads: 10, seed: 2 })).first.energy).toBeCloseTo(-1.5, 9);
      await a.dispose?.();
    });

    it('keeps labels: strings, tuples and numbers, in the model order, in both forms', async () => {
      const a = await make();
      // E = -x + 0.5 y - 2 x.y + 0.5 z.x with labels 'x', ['y', 1], 7; by hand over (x, y):
      // (+,+) -2.5, (+,-) 0.5, (-,+) 3.5, (-,-) -1.5, so x = y = +1, then z = -x = -1 adds -0.5: E = -3.
      const ising = IsingModel.fromIsing(new Map<VariableLabel, number>([['x', -1], [['y', 1], 0.5]]), [['x', ['y', 1], -2], [7, 'x', 0.5]]);
      expect(ising.labels).toEqual(['x', ['y', 1], 7]);
      const ss = await a.sample(ising, { ...extra, numReads: 10, seed: 5 });
      expect(ss.variables).toEqual(['x', ['y', 1], 7]);
      expect(ss.first.energy).toBeCloseTo(-3, 9);
      expect(ss.first.value('x')).toBe(1);
      expect(ss.first.value(['y', 1])).toBe(1);
      expect(ss.first.value(7)).toBe(-1);
      const qubo = QuboModel.fromQubo([['b', 'b', 1], [['t', 0], ['t', 0], -2], ['b', ['t', 0], -0.5]], 0.5);
      // by hand over bits (b, t): (0, 1) 0.5 - 2 = -1.5; (1, 1) 0.5 + 1 - 2 - 0.5 = -1; (0, 0) 0.5; (1, 0) 1.5
      const qs = await a.sample(qubo, { ...extra, numReads: 10, seed: 5 });
      expect(qs.vartype).toBe('BINARY');
      expect(qs.variables).toEqual(['b', ['t', 0]]);
      expect(qs.first.energy).toBeCloseTo(-1.5, 9);
      expect(qs.first.value(['t', 0])).toBe(1);
      expect(qs.first.value('b')).toBe(0);
      expectSampleOf(qs, qubo);
      await a.dispose?.();
    });

    describe("dimod's load_sampler_bqm_tests", () => {
      for (const c of DIMOD_CASES) {
        it(`${c.name}: sample_ising(h, J)`, async () => {
          const a = await make();
          const ss = await sampleIsing(a, c.h, c.J, extra);
          const vars = new Set([...c.h.map(([v]) => labelKey(v)), ...c.J.flatMap(([p, q]) => [labelKey(p), labelKey(q)])]);
          expect(sortedKeys(ss.variables)).toEqual([...vars].sort());
          expect(ss.vartype).toBe('SPIN');
          for (const [k, row] of rowsByLabel(ss).entries()) expect(ss.energies[k]).toBeCloseTo(dictEnergy(row, c.h, c.J, 0), 7);
          await a.dispose?.();
        });
        it(`${c.name}: sample_qubo(Q)`, async () => {
          const a = await make();
          const ss = await sampleQubo(a, c.Q, extra);
          expect(sortedKeys(ss.variables)).toEqual([...new Set(c.Q.flatMap(([p, q]) => [labelKey(p), labelKey(q)]))].sort());
          expect(ss.vartype).toBe('BINARY');
          for (const [k, row] of rowsByLabel(ss).entries()) expect(ss.energies[k]).toBeCloseTo(dictEnergy(row, [], c.Q.map(([p, q, b]) => [p, q, b] as const), 0), 7);
          await a.dispose?.();
        });
        it(`${c.name}: a SPIN model with offset ${c.spinOffset}`, async () => {
          const a = await make();
          const model = IsingModel.fromIsing(c.h, c.J, c.spinOffset);
          const ss = await a.sample(model, extra);
          expectSampleOf(ss, model);
          if (c.name === 'empty') expect(ss.size).toBe(0);
          else expect(ss.size).toBeGreaterThan(0);
          await a.dispose?.();
        });
        it(`${c.name}: a BINARY model from Q with offset ${c.binaryOffset}`, async () => {
          const a = await make();
          const model = QuboModel.fromQubo(c.Q, c.binaryOffset);
          const ss = await a.sample(model, extra);
          expectSampleOf(ss, model);
          await a.dispose?.();
        });
      }
    });

    it('rejects invalid options and non-models with a ValidationError', async () => {
      const a = await make();
      await expect(a.sample(randomModel(4, 1), { ...extra, numReads: -1 })).rejects.toThrow(ValidationError);
      await expect(a.sample(randomModel(4, 1), { ...extra, numReads: 1.5 })).rejects.toThrow(ValidationError);
      await expect(a.sample({ h: [1], J: [] } as unknown as IsingModel, extra)).rejects.toThrow(ValidationError);
      await a.dispose?.();
    });
  });
}
