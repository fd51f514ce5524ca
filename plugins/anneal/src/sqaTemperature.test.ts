import { IsingModel, ValidationError } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { SimulatedQuantumAnnealer } from './simulatedQuantumAnnealing.js';

describe('SQA at a fixed temperature', () => {
  const chain = IsingModel.from({ J: Array.from({ length: 15 }, (_, i) => [i, i + 1, 1] as const), numVariables: 16 });
  const base = { numReads: 40, numSweeps: 200, trotterSlices: 8, gammaRange: [3, 0] as const, numThreads: 1 };

  it('temperature T is beta = 1 / T: the same reads for the same seed', async () => {
    const sqa = new SimulatedQuantumAnnealer();
    const a = await sqa.sample(chain, { ...base, temperature: 0.5, seed: 3 });
    const b = await sqa.sample(chain, { ...base, beta: 2, seed: 3 });
    expect(a.toJSON().samples).toEqual(b.toJSON().samples);
    expect((a.info['parameters'] as { beta: number }).beta).toBe(2);
  });

  it('a hot anneal leaves domain walls that a cold one removes (antiferromagnetic chain)', async () => {
    const sqa = new SimulatedQuantumAnnealer();
    const ground = -15;
    const p = async (temperature: number): Promise<number> => {
      const ss = await sqa.sample(chain, { ...base, temperature, seed: 1 });
      let hits = 0;
      for (let r = 0; r < ss.size; r++) if (Math.abs(ss.energies[r]! - ground) < 1e-9) hits += ss.numOccurrences[r]!;
      return hits / ss.numReads;
    };
    const cold = await p(0.05), hot = await p(1.5);
    expect(cold).toBeGreaterThan(0.5);
    expect(hot).toBeLessThan(cold / 2);
  });

  it('rejects beta and temperature together, and a non-positive temperature', async () => {
    const sqa = new SimulatedQuantumAnnealer();
    await expect(sqa.sample(chain, { temperature: 1, beta: 1 })).rejects.toThrow(ValidationError);
    await expect(sqa.sample(chain, { temperature: 0 })).rejects.toThrow(/temperature/);
  });
});
