import { type Annealer, IsingModel, ResourceError, SampleSet, ValidationError } from '@hqml/core';
import { bruteForceGround, describeAnnealerContract } from '@hqml/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { ExactSolver } from './exactSolver.js';
import { ParallelTempering } from './parallelTempering.js';
import { SimulatedAnnealer } from './simulatedAnnealing.js';
import { SimulatedQuantumAnnealer } from './simulatedQuantumAnnealing.js';
import { randomSpinGlass } from './testModels.js';

// Short schedules keep the suite fast; the contract passes them to every call.
describeAnnealerContract('anneal.sa', () => new SimulatedAnnealer({ numThreads: 1 }), { sampleOptions: { numSweeps: 200 } });
describeAnnealerContract('anneal.pt', () => new ParallelTempering({ numThreads: 1 }), { sampleOptions: { numSweeps: 100, numReplicas: 8 } });
describeAnnealerContract('anneal.sqa', () => new SimulatedQuantumAnnealer({ numThreads: 1 }), { sampleOptions: { numSweeps: 200, trotterSlices: 8 } });
describeAnnealerContract('anneal.exact', () => new ExactSolver(), { heuristic: false });

const heuristics: Array<[string, () => Annealer, Record<string, unknown>]> = [
  ['anneal.sa', () => new SimulatedAnnealer({ numThreads: 1 }), { numSweeps: 100 }],
  ['anneal.pt', () => new ParallelTempering({ numThreads: 1 }), { numSweeps: 50, numReplicas: 8 }],
  ['anneal.sqa', () => new SimulatedQuantumAnnealer({ numThreads: 1 }), { numSweeps: 100, trotterSlices: 8 }],
];

describe('ground states of random 16-spin glasses (against the exact solver)', () => {
  const exact = new ExactSolver();
  for (const [id, make, options] of heuristics) {
    for (const integer of [false, true]) {
      it(`${id} finds the ground state (${integer ? 'integer' : 'real'} biases) on at least 19 of 20 instances`, async () => {
        const a = make();
        let found = 0;
        for (let t = 0; t < 20; t++) {
          const model = randomSpinGlass(16, 1000 + t, integer);
          const ground = (await exact.sample(model, { numReads: 1 })).first.energy;
          const ss = await a.sample(model, { ...options, numReads: 10, seed: t });
          expect(ss.first.energy).toBeGreaterThanOrEqual(ground - 1e-9);
          if (Math.abs(ss.first.energy - ground) < 1e-9) found++;
        }
        expect(found).toBeGreaterThanOrEqual(19);
      });
    }
  }
});

describe('simulated annealing', () => {
  const sa = new SimulatedAnnealer({ numThreads: 1 });
  const twoThreads = new SimulatedAnnealer({ numThreads: 2 });
  afterAll(() => twoThreads.dispose());

  it('samples the Boltzmann distribution at a fixed beta (wasm, JS table and float kernels)', async () => {
    // 3 spins, J01 = 1, J12 = -1, h0 = 0.5 (scaled x2 for the integer case). A constant schedule
    // leaves each read a Markov chain with the Boltzmann distribution as its stationary law.
    const cases = [
      [IsingModel.from({ h: [0.5, 0, 0], J: [[0, 1, 1], [1, 2, -1]] }), 0.7, 'float'],
      [IsingModel.from({ h: [1, 0, 0], J: [[0, 1, 2], [1, 2, -2]] }), 0.35, 'wasm'],
      [IsingModel.from({ h: [1, 0, 0], J: [[0, 1, 2], [1, 2, -2]] }), 0.35, 'table'],
    ] as const;
    for (const [model, beta, kernel] of cases) {
      const reads = 6000;
      const ss = await sa.sample(model, { betaSchedule: Array(30).fill(beta), numReads: reads, seed: 5, kernel });
      expect(ss.info['parameters']).toMatchObject({ kernel });
      let z = 0;
      const expected = new Map<string, number>();
      for (let c = 0; c < 8; c++) {
        const s = [0, 1, 2].map((i) => ((c >> i) & 1 ? 1 : -1));
        const w = Math.exp(-beta * model.energy(s));
        expected.set(s.join(','), w);
        z += w;
      }
      let tv = 0;
      for (const [key, w] of expected) {
        const rec = Array.from(ss.records()).find((r) => Array.from(r.sample).join(',') === key);
        tv += Math.abs((rec?.numOccurrences ?? 0) / reads - w / z) / 2;
      }
      expect(tv).toBeLessThan(0.03);
    }
  });

  it('gives the same SampleSet on one thread and on two worker threads for the same seed', async () => {
    const model = randomSpinGlass(20, 3, true);
    const a = await sa.sample(model, { numReads: 7, numSweeps: 50, seed: 11 });
    const b = await twoThreads.sample(model, { numReads: 7, numSweeps: 50, seed: 11, parallelThreshold: 0 });
    expect(b.info['threads']).toBe(2);
    expect(b.toJSON().samples).toEqual(a.toJSON().samples);
    expect(Array.from(b.numOccurrences)).toEqual(Array.from(a.numOccurrences));
    const c = await sa.sample(model, { numReads: 7, numSweeps: 50, seed: 12 });
    expect(c.toJSON().samples).not.toEqual(a.toJSON().samples);
  });

  it('keeps concurrent calls on one worker pool apart', async () => {
    const m1 = randomSpinGlass(12, 13, true);
    const m2 = randomSpinGlass(14, 14);
    const [a, b] = await Promise.all([
      twoThreads.sample(m1, { numReads: 4, numSweeps: 30, seed: 1, parallelThreshold: 0 }),
      twoThreads.sample(m2, { numReads: 4, numSweeps: 30, seed: 2, parallelThreshold: 0 }),
    ]);
    expect(a.numVariables).toBe(12);
    expect(b.numVariables).toBe(14);
    expect(a.toJSON().samples).toEqual((await sa.sample(m1, { numReads: 4, numSweeps: 30, seed: 1 })).toJSON().samples);
    expect(b.toJSON().samples).toEqual((await sa.sample(m2, { numReads: 4, numSweeps: 30, seed: 2 })).toJSON().samples);
  });

  it('runs reads until a time limit and reports timing and parameters', async () => {
    const model = randomSpinGlass(30, 4);
    const ss = await twoThreads.sample(model, { timeLimit: 0.3, numSweeps: 200, seed: 1 });
    expect(ss.numReads).toBeGreaterThanOrEqual(1);
    expect(ss.info['parameters']).toMatchObject({ numSweeps: 200, timeLimit: 0.3, betaScheduleType: 'geometric' });
    expect((ss.info.timing?.wallSeconds ?? 0)).toBeGreaterThan(0);
    const capped = await sa.sample(model, { timeLimit: 30, numReads: 3, numSweeps: 10, seed: 1 });
    expect(capped.numReads).toBe(3);
  });

  it('starts from initial states (0 sweeps returns them; tile repeats them)', async () => {
    const model = randomSpinGlass(4, 5);
    const init = [[1, 1, -1, -1], [-1, 1, -1, 1]];
    const ss = await sa.sample(model, { initialStates: init, numSweeps: 0, seed: 1 });
    expect(ss.numReads).toBe(2);
    expect(new Set(Array.from(ss.records(), (r) => Array.from(r.sample).join(',')))).toEqual(new Set(init.map((r) => r.join(','))));
    const tiled = await sa.sample(model, { initialStates: init, initialStatesGenerator: 'tile', numReads: 6, numSweeps: 0, seed: 1 });
    expect(tiled.size).toBe(2);
    expect(tiled.numReads).toBe(6);
    const fromSet = SampleSet.fromModel(model, Int8Array.from(init.flat()));
    expect((await sa.sample(model, { initialStates: fromSet, numSweeps: 0 })).numReads).toBe(2);
  });

  it('honours a linear schedule and betaRange, and reports neal\'s default range', async () => {
    const model = randomSpinGlass(8, 6);
    const ss = await sa.sample(model, { numSweeps: 10, betaScheduleType: 'linear', betaRange: [0.1, 2], numReads: 2, seed: 1 });
    expect(ss.info['parameters']).toMatchObject({ betaRange: [0.1, 2], betaScheduleType: 'linear', numSweeps: 10 });
  });

  it('validates before computing', async () => {
    const model = randomSpinGlass(5, 7);
    await expect(sa.sample(model, { numSweeps: -1 })).rejects.toThrow(/numSweeps is -1/);
    await expect(sa.sample(model, { numSweeps: 10, numSweepsPerBeta: 3 })).rejects.toThrow(/multiple/);
    await expect(sa.sample(model, { betaRange: [0, 1] })).rejects.toThrow(ValidationError);
    await expect(sa.sample(model, { betaRange: [NaN, 1] })).rejects.toThrow(/NaN/);
    await expect(sa.sample(model, { betaScheduleType: 'custom' })).rejects.toThrow(/betaSchedule/);
    await expect(sa.sample(model, { timeLimit: -1 })).rejects.toThrow(/timeLimit/);
    await expect(sa.sample(model, { seed: 1.5 })).rejects.toThrow(/seed/);
    await expect(sa.sample(model, { initialStates: [[1, 0, 1, 1, 1]] })).rejects.toThrow(/-1 or \+1/);
    await expect(sa.sample(model, { initialStates: [1, 1, 1] })).rejects.toThrow(/3 values for 5 variables/);
    await expect(sa.sample(model, { kernel: 'fast' as never })).rejects.toThrow(/kernel/);
    // an empty model gives an empty set, as dimod's samplers do
    expect((await sa.sample(new IsingModel({ offset: 2 }))).size).toBe(0);
    // a read count whose samples cannot fit in memory is refused before any sweep
    await expect(sa.sample(model, { numReads: 1e15 })).rejects.toThrow(ResourceError);
    await expect(sa.sample(model, { numReads: 1e15 })).rejects.toThrow(/1,000,000,000,000,000 reads of 5 variables/);
    const broken = randomSpinGlass(3, 8);
    broken.linear[1] = Number.POSITIVE_INFINITY; // typed arrays can be written after validation
    await expect(sa.sample(broken)).rejects.toThrow(/linear bias 1 is Infinity/);
    broken.linear[1] = NaN;
    await expect(new ParallelTempering().sample(broken)).rejects.toThrow(/NaN/);
  });

  it('huge but allowed biases give finite energies and the exact ground state on every solver', async () => {
    // E = 1e299 (s0 - s1 + s0 s1) - 1e-3 s2: by hand the minimum is s0 = -1, s1 = +1 (-3e299), s2 = +1
    const model = IsingModel.from({ h: [1e299, -1e299, -1e-3], J: [[0, 1, 1e299]] });
    for (const solver of [sa, new ParallelTempering({ numThreads: 1 }), new SimulatedQuantumAnnealer({ numThreads: 1 }), new ExactSolver()]) {
      const ss = await solver.sample(model, { numReads: 4, seed: 1, ...(solver instanceof ExactSolver ? {} : { numSweeps: 50 }) });
      expect(Array.from(ss.energies).every(Number.isFinite)).toBe(true);
      expect(Array.from(ss.first.sample)).toEqual([-1, 1, 1]);
      expect(ss.first.energy).toBe(-3e299 - 1e-3);
    }
  });

  it('lists options it does not know in info.ignoredOptions', async () => {
    const ss = await sa.sample(randomSpinGlass(4, 9), { numSweeps: 5, seed: 1, chainStrength: 2 });
    expect(ss.info['ignoredOptions']).toEqual(['chainStrength']);
  });
});

describe('parallel tempering and SQA options', () => {
  it('PT accepts an explicit ladder and rejects an unsorted one', async () => {
    const pt = new ParallelTempering({ numThreads: 1 });
    const model = randomSpinGlass(8, 10);
    const ss = await pt.sample(model, { betas: [0.1, 0.5, 2], numSweeps: 20, numReads: 2, seed: 1, returnBest: false });
    expect(ss.info['parameters']).toMatchObject({ numReplicas: 3, betas: [0.1, 0.5, 2], returnBest: false });
    await expect(pt.sample(model, { betas: [1, 0.5] })).rejects.toThrow(/strictly increasing/);
  });

  it('SQA reports its schedule and rejects bad slices', async () => {
    const sqa = new SimulatedQuantumAnnealer({ numThreads: 1 });
    const model = randomSpinGlass(8, 11);
    const ss = await sqa.sample(model, { numSweeps: 20, trotterSlices: 4, gammaRange: [2, 0], beta: 5, numReads: 2, seed: 1 });
    expect(ss.info['parameters']).toMatchObject({ trotterSlices: 4, gammaRange: [2, 0], beta: 5, problemRange: [1, 1] });
    await expect(sqa.sample(model, { trotterSlices: 0 })).rejects.toThrow(/trotterSlices/);
    await expect(sqa.sample(model, { gammaRange: [-1, 0] })).rejects.toThrow(/gammaRange/);
  });
});

describe('exact solver', () => {
  const exact = new ExactSolver();

  it('returns the full spectrum, checked against direct enumeration', async () => {
    const model = IsingModel.from({ h: [0.5, -1, 0], J: [[0, 1, 1], [1, 2, -2], [0, 2, 0.25]], offset: 1 });
    const ss = await exact.sample(model);
    expect(ss.size).toBe(8);
    const direct: number[] = [];
    for (let c = 0; c < 8; c++) direct.push(model.energy([0, 1, 2].map((i) => ((c >> i) & 1 ? 1 : -1))));
    expect(Array.from(ss.energies)).toEqual(direct.sort((a, b) => a - b));
    // By hand: s = (-1, +1, +1): 1 - 0.5 - 1 + 0 - 1 - 2 - 0.25 = -3.75 is the ground state.
    expect(ss.first.energy).toBeCloseTo(-3.75, 12);
    expect(Array.from(ss.first.sample)).toEqual([-1, 1, 1]);
    expect(ss.info).toMatchObject({ spectrum: 'full', numStates: 8 });
  });

  it('returns the lowest k states, equal to the head of the full spectrum', async () => {
    const model = randomSpinGlass(12, 12);
    const full = await exact.sample(model);
    const low = await exact.sample(model, { numReads: 25 });
    expect(low.size).toBe(25);
    expect(Array.from(low.energies)).toEqual(Array.from(full.energies).slice(0, 25));
    expect(low.first.energy).toBeCloseTo(bruteForceGround(model).energy, 12);
  });

  it('refuses more than maxVariables, and full spectra beyond 20 variables', async () => {
    await expect(exact.sample(randomSpinGlass(27, 1), { numReads: 1 })).rejects.toThrow(ResourceError);
    await expect(exact.sample(randomSpinGlass(27, 1), { numReads: 1 })).rejects.toThrow(/27 variables/);
    await expect(exact.sample(randomSpinGlass(21, 1))).rejects.toThrow(/numReads: k/);
    await expect(new ExactSolver({ maxVariables: 10 }).sample(randomSpinGlass(11, 1), { numReads: 1 })).rejects.toThrow(/limited to 10/);
    expect(() => new ExactSolver({ maxVariables: 40 })).toThrow(ResourceError);
  });
});
