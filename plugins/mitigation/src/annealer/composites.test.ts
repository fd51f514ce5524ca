import { type Annealer, type AnnealerOptions, IsingModel, QuboModel, Rng, SampleSet, ValidationError, sampleQubo } from '@hqml/core';
import { describeAnnealerContract, describeMitigatorContract } from '@hqml/core/testing';
import { ExactSolver, SimulatedAnnealer } from '@hqml/anneal';
import { describe, expect, it } from 'vitest';
import { ControlNoiseComposite, ControlNoiseMitigator } from './controlNoise.js';
import { encodeRepetition } from './repetitionCode.js';
import { RepetitionComposite, RepetitionMitigator } from './repetitionComposite.js';
import { SpinReversalComposite, SpinReversalMitigator, flipModel } from './spinReversal.js';

const sa = (): Annealer => new SimulatedAnnealer({ numThreads: 1 });

/** A child that records the models and options it gets and returns the all-up state. */
function recorder(): Annealer & { calls: { model: IsingModel; options: AnnealerOptions }[] } {
  const calls: { model: IsingModel; options: AnnealerOptions }[] = [];
  return {
    id: 'all-up',
    calls,
    sample: async (model: IsingModel | QuboModel, options: AnnealerOptions = {}) => {
      if (!(model instanceof IsingModel)) throw new Error('the composites hand their child Ising models');
      calls.push({ model, options });
      const reads = options.numReads ?? 1;
      return SampleSet.fromModel(model, new Int8Array(model.numVariables).fill(1), { numOccurrences: [reads] });
    },
  };
}

describe('spin-reversal transforms', () => {
  it('over an exact solver with explicit transforms: ground state first, 2^n rows per transform, same energies (dimod check)', async () => {
    const model = IsingModel.from({ h: [-0.5, 1], J: [[0, 1, -1]], labels: ['a', 'b'] });
    const srt = new SpinReversalComposite(new ExactSolver(), { transforms: [[true, false], [false, true], [true, true]] });
    const ss = await srt.sample(model);
    expect(Array.from(ss.first.sample)).toEqual([-1, -1]);
    expect(ss.first.energy).toBeCloseTo(-1.5, 12);
    expect(ss.size).toBe(4 * 3);
    const spectrum = [-1.5, -0.5, -0.5, 2.5];
    expect(Array.from(ss.energies).sort((x, y) => x - y)).toEqual(spectrum.flatMap((e) => [e, e, e]).sort((x, y) => x - y).map((e) => expect.closeTo(e, 12)));
  });

  it('flips the model, undoes the flips in the samples, and splits numReads over the transforms', async () => {
    const child = recorder();
    const model = IsingModel.from({ h: [0.3, -0.2, 0.1, 0.5], J: [[0, 1, 1], [1, 3, -0.5]] });
    const ss = await new SpinReversalComposite(child, { numTransforms: 3 }).sample(model, { numReads: 10, seed: 4 });
    expect(child.calls.map((c) => c.options.numReads)).toEqual([4, 3, 3]);
    expect(ss.numReads).toBe(10);
    // The child returned all-up on each flipped model, so each returned row is the transform's gauge g (s = g * 1).
    const rows = Array.from({ length: ss.size }, (_, r) => Array.from(ss.sample(r)));
    for (const call of child.calls) {
      const g = Array.from(call.model.linear, (v, i) => (v === model.linear[i] ? 1 : -1));
      expect(rows).toContainEqual(g);
      // h_i -> g_i h_i and J_ij -> g_i g_j J_ij
      for (const t of call.model.interactions()) expect(t.value).toBeCloseTo(g[t.i]! * g[t.j]! * model.interactions().find((u) => u.i === t.i && u.j === t.j)!.value, 15);
    }
    const again = await new SpinReversalComposite(recorder(), { numTransforms: 3 }).sample(model, { numReads: 10, seed: 4 });
    expect(again.toJSON().samples).toEqual(ss.toJSON().samples);
  });

  it('flips initial states with the model, passes 0 transforms through, and checks its options', async () => {
    const child = recorder();
    const model = IsingModel.from({ h: [1, 1] });
    await new SpinReversalComposite(child, { transforms: [[1, 0]] }).sample(model, { initialStates: [[1, 1]], numReads: 1 });
    expect(child.calls[0]!.options['initialStates']).toEqual([[-1, 1]]);
    const pass = recorder();
    await new SpinReversalComposite(pass, { numTransforms: 0 }).sample(model, { numReads: 2 });
    expect(pass.calls[0]!.model).toBe(model);
    expect(() => new SpinReversalMitigator({ numTransforms: -1 })).toThrow(ValidationError);
    await expect(new SpinReversalComposite(recorder(), { transforms: [[1]] }).sample(model)).rejects.toThrow(/2 variables/);
  });

  it('flipModel keeps energies under the gauge: E_g(g s) = E(s)', () => {
    const rng = Rng.from(3);
    const model = IsingModel.from({ h: [0.2, -1, 0.7], J: [[0, 1, 0.4], [0, 2, -0.9], [1, 2, 0.3]], offset: 0.5 });
    const g = [true, false, true];
    for (let k = 0; k < 8; k++) {
      const s = [0, 1, 2].map(() => (rng.float() < 0.5 ? -1 : 1));
      expect(flipModel(model, g).energy(s.map((v, i) => (g[i] ? -v : v)))).toBeCloseTo(model.energy(s), 12);
    }
  });
});

describe('repetition code (QAC and its comparison strategies)', () => {
  const chain = (n: number): IsingModel => IsingModel.from({ J: Array.from({ length: n - 1 }, (_, i) => [i, i + 1, 1] as const), numVariables: n });

  it('QAC maps an n-chain to 4n spins: 3 couplers per logical edge, 3 penalty couplers per logical spin', () => {
    const enc = encodeRepetition(chain(5), { strategy: 'qac', penalty: 0.3 });
    expect(enc.model.numVariables).toBe(20);
    expect(enc.model.numInteractions).toBe(3 * 4 + 3 * 5);
    const penalties = enc.model.interactions().filter((t) => t.value === -0.3);
    expect(penalties).toHaveLength(15);
    for (const t of penalties) expect(enc.penaltySpins).toContain(t.j);
    expect(enc.model.labels.slice(0, 4)).toEqual(['0#0', '0#1', '0#2', '0#p']);
  });

  it('with exact solving, the decoded ground state is the logical one for any penalty > 0', async () => {
    const rng = Rng.from(7);
    const exact = new ExactSolver();
    for (let trial = 0; trial < 4; trial++) {
      const model = IsingModel.from({ h: [0, 1, 2, 3].map(() => rng.float() * 2 - 1), J: [[0, 1, rng.float() * 2 - 1], [1, 2, rng.float() * 2 - 1], [2, 3, rng.float() * 2 - 1], [0, 3, rng.float() * 2 - 1]] });
      const logicalGround = (await exact.sample(model, { numReads: 1 })).first;
      for (const penalty of [0.05, 0.5, 2]) {
        const ss = await new RepetitionComposite(exact, { strategy: 'qac', penalty }).sample(model, { numReads: 1, seed: 1 });
        expect(Array.from(ss.first.sample)).toEqual(Array.from(logicalGround.sample));
        expect(ss.first.energy).toBeCloseTo(logicalGround.energy, 12);
      }
    }
  });

  it('at penalty 0, aligned codewords have 3 times the logical energy (offset aside)', () => {
    const model = IsingModel.from({ h: [0.4, -0.3, 0.2], J: [[0, 1, 0.7], [1, 2, -1.1]], offset: 2 });
    const enc = encodeRepetition(model, { strategy: 'qac', penalty: 0 });
    for (const s of [[1, 1, 1], [1, -1, 1], [-1, -1, 1]]) {
      const phys = s.flatMap((v) => [v, v, v, 1]);
      expect(enc.model.energy(phys)).toBeCloseTo(3 * (model.energy(s) - 2), 12);
    }
  });

  it('decodes by majority vote (QAC), one random copy (EP), and majority with random tie-breaks (C, nested)', () => {
    const model = chain(3);
    const rng = Rng.from(5);
    const qac = encodeRepetition(model, { strategy: 'qac' });
    const rows = new Int8Array(20 * 12);
    for (let k = 0; k < rows.length; k++) rows[k] = rng.float() < 0.5 ? -1 : 1;
    const { logical } = qac.decode(rows, 20, Rng.from(1));
    for (let r = 0; r < 20; r++) for (let i = 0; i < 3; i++) {
      const votes = [0, 1, 2].reduce((s, l) => s + rows[r * 12 + 4 * i + l]!, 0);
      expect(logical[r * 3 + i]).toBe(Math.sign(votes));
    }
    const ep = encodeRepetition(model, { strategy: 'ep' });
    const one = Int8Array.from([1, 1, -1, 1, 1, 1, -1, 1, 1, 1, -1, 1]); // copy 2 of every spin reads -1
    const picks = Array.from({ length: 200 }, (_, k) => ep.decode(one, 1, Rng.from(`pick:${k}`)).logical[0]);
    expect(picks.filter((v) => v === -1).length).toBeGreaterThan(40);
    expect(picks.filter((v) => v === -1).length).toBeLessThan(100);
    const c = encodeRepetition(IsingModel.from({ h: [0.1] }), { strategy: 'c' });
    expect(c.model.numVariables).toBe(4);
    const tie = Int8Array.from([1, -1, 1, -1]);
    const outs = Array.from({ length: 200 }, (_, k) => c.decode(tie, 1, Rng.from(`tie:${k}`)).logical[0]);
    expect(outs.filter((v) => v === 1).length).toBeGreaterThan(70);
    expect(outs.filter((v) => v === 1).length).toBeLessThan(130);
    expect(c.decode(Int8Array.from([1, 1, -1, 1]), 1, Rng.from(0)).logical[0]).toBe(1);
  });

  it('nested QAC of order C: C^2 couplers per logical edge, a complete penalty graph, C^2 times the logical energy when aligned', () => {
    const model = IsingModel.from({ h: [0.5, -0.25], J: [[0, 1, 0.75]] });
    const enc = encodeRepetition(model, { strategy: 'nested', copies: 3, penalty: 0 });
    expect(enc.model.numVariables).toBe(6);
    expect(enc.model.numInteractions).toBe(9);
    const withPenalty = encodeRepetition(model, { strategy: 'nested', copies: 3, penalty: 1 });
    expect(withPenalty.model.numInteractions).toBe(9 + 2 * 3);
    for (const s of [[1, 1], [1, -1], [-1, 1]]) expect(enc.model.energy(s.flatMap((v) => [v, v, v]))).toBeCloseTo(9 * model.energy(s), 12);
  });

  it('rejects bad options before sampling', () => {
    expect(() => new RepetitionMitigator({ strategy: 'quantum' as 'qac' })).toThrow(/strategies are/);
    expect(() => new RepetitionMitigator({ strategy: 'qac', copies: 5 })).toThrow(/3 problem copies/);
    expect(() => new RepetitionMitigator({ penalty: -1 })).toThrow(ValidationError);
  });

  it('samples QUBOs through the Ising form (BINARY result, QUBO energies)', async () => {
    const qubo = QuboModel.fromEntries([[0, 0, -1], [1, 1, -1], [0, 1, 2]]);
    const ss = await sampleQubo(new RepetitionComposite(new ExactSolver()), qubo, { numReads: 1, seed: 1 });
    expect(ss.vartype).toBe('BINARY');
    expect(ss.first.energy).toBeCloseTo(-1, 12);
  });
});

describe('control noise', () => {
  it('perturbs h and J per read by N(0, sigma^2) around static offsets, and scores reads on the caller model', async () => {
    const child = recorder();
    const model = IsingModel.from({ h: [0.5, -0.5, 0], J: [[0, 1, 1], [1, 2, -1]] });
    const noisy = new ControlNoiseComposite(child, { sigmaH: 0.1, sigmaJ: 0.05, offsets: [0.2, 0, -0.1] });
    const ss = await noisy.sample(model, { numReads: 2000, seed: 3 });
    expect(child.calls).toHaveLength(2000);
    expect(ss.numReads).toBe(2000);
    expect(ss.first.energy).toBeCloseTo(model.energy([1, 1, 1]), 12);
    const dh = child.calls.map((c) => c.model.linear[0]! - 0.5 - 0.2);
    const dj = child.calls.map((c) => c.model.interactions()[1]!.value + 1);
    const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / xs.length;
    const sd = (xs: number[]): number => Math.sqrt(mean(xs.map((v) => (v - mean(xs)) ** 2)));
    expect(Math.abs(mean(dh))).toBeLessThan(4 * 0.1 / Math.sqrt(2000));
    expect(sd(dh)).toBeCloseTo(0.1, 2);
    expect(sd(dj)).toBeCloseTo(0.05, 2);
    expect(model.linear[0]).toBe(0.5);
  });

  it('draws static offsets once per variable index from offsetSeed: the same device in every call', () => {
    const a = new ControlNoiseComposite(recorder(), { sigma: 0, offsetSigma: 0.1, offsetSeed: 9 });
    const b = new ControlNoiseComposite(recorder(), { sigma: 0, offsetSigma: 0.1, offsetSeed: 9 });
    expect(Array.from(a.staticOffsets(5))).toEqual(Array.from(b.staticOffsets(5)));
    expect(Array.from(a.staticOffsets(3))).toEqual(Array.from(a.staticOffsets(5)).slice(0, 3));
    expect(() => new ControlNoiseMitigator({ offsets: [0.1], offsetSigma: 0.2 })).toThrow(/offsets and offsetSigma/);
    expect(() => new ControlNoiseMitigator({ sigma: -1 })).toThrow(ValidationError);
  });

  it('groups reads per realisation when asked', async () => {
    const child = recorder();
    await new ControlNoiseComposite(child, { readsPerRealization: 4 }).sample(IsingModel.from({ h: [1] }), { numReads: 10, seed: 1 });
    expect(child.calls.map((c) => c.options.numReads)).toEqual([4, 4, 2]);
  });
});

describe('composites nest properties and pass dispose down', () => {
  it('nests the child properties and lists the child', async () => {
    const child = sa();
    const c = new RepetitionMitigator().wrap(new SpinReversalMitigator().wrap(child));
    expect(c.id).toBe('mitigation.repetition(mitigation.spin-reversal(anneal.sa))');
    expect((c.properties['child'] as Record<string, unknown>)['child']).toEqual(child.properties);
    expect(c.children[0]!.id).toBe('mitigation.spin-reversal(anneal.sa)');
    await c.dispose();
  });
});

describeAnnealerContract('mitigation.spin-reversal over anneal.sa', () => new SpinReversalComposite(sa(), { numTransforms: 4 }));
describeAnnealerContract('mitigation.repetition (qac) over anneal.sa', () => new RepetitionComposite(sa(), { strategy: 'qac', penalty: 0.5 }));
describeAnnealerContract('mitigation.repetition (c) over anneal.sa', () => new RepetitionComposite(sa(), { strategy: 'c' }));
describeAnnealerContract('mitigation.repetition (ep) over anneal.sa', () => new RepetitionComposite(sa(), { strategy: 'ep', penalty: 1 }));
describeAnnealerContract('mitigation.repetition (nested, C = 3) over anneal.sa', () => new RepetitionComposite(sa(), { strategy: 'nested', copies: 3, penalty: 3 }));
describeAnnealerContract('mitigation.control-noise (sigma 0) over anneal.sa', () => new ControlNoiseComposite(sa(), { sigma: 0 }));

const exercise = async (wrapped: Annealer): Promise<void> => {
  const model = IsingModel.from({ h: [0.5, -1, 0.25], J: [[0, 1, -1], [1, 2, 0.5]] });
  const ss = await wrapped.sample(model, { numReads: 8, seed: 2 });
  expect(ss.numVariables).toBe(3);
  expect(ss.numReads).toBe(8);
  Array.from(ss.energies).forEach((e, i) => expect(e).toBeCloseTo(model.energy(ss.sample(i)), 12));
};
/** SA seen through the Annealer contract only (the kit checks every method of the inner object; SA's own are internals). */
const plainSa = (): Annealer => {
  const a = sa();
  return { id: a.id, properties: a.properties ?? {}, sample: (m, o) => a.sample(m, o), dispose: () => a.dispose?.() };
};
describeMitigatorContract<Annealer>('mitigation.spin-reversal', () => new SpinReversalMitigator({ numTransforms: 2 }), { inner: plainSa, exercise });
describeMitigatorContract<Annealer>('mitigation.repetition', () => new RepetitionMitigator(), { inner: plainSa, exercise });
describeMitigatorContract<Annealer>('mitigation.control-noise', () => new ControlNoiseMitigator(), { inner: plainSa, exercise });
