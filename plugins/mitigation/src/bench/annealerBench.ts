import type { Annealer, IsingModel, SampleSet } from '@hqml/core';
import { SimulatedQuantumAnnealer } from '@hqml/anneal';

/**
 * The simulated "hardware" annealer of the benchmarks: SQA at a fixed temperature T = 0.1 and a
 * fixed transverse-field schedule (Gamma from 2 to 0) in the model's units, 8 Trotter slices and
 * 200 sweeps per read, so that every strategy gets the same anneal whatever its energy scale
 * (the default SQA adapts beta and Gamma to each problem's field scale, which would hide the
 * energy boost of an encoding).
 */
export const HARDWARE_SQA = Object.freeze({ temperature: 0.1, gammaRange: [2, 0] as const, trotterSlices: 8, numSweeps: 200 });

/** A single-threaded SQA instance for the benchmarks. */
export function benchSqa(): Annealer {
  return new SimulatedQuantumAnnealer({ numThreads: 1 });
}

/** Fraction of reads whose energy is the ground energy. */
export function groundFraction(ss: SampleSet, groundEnergy: number): number {
  let hits = 0;
  for (let r = 0; r < ss.size; r++) if (Math.abs(ss.energies[r]! - groundEnergy) < 1e-9) hits += ss.numOccurrences[r]!;
  return hits / ss.numReads;
}

/** Samples with the hardware settings. */
export function sampleHardware(a: Annealer, model: IsingModel, numReads: number, seed: number): Promise<SampleSet> {
  return a.sample(model, { ...HARDWARE_SQA, gammaRange: [...HARDWARE_SQA.gammaRange], numReads, seed });
}
