import { type IsingModel, ValidationError } from '@hqml/core';
import { KernelAnnealer, type RunPlan, type SamplingOptions } from './kernelAnnealer.js';
import { booleanOption, nonNegativeInt, positiveInt, positiveNumber, positivePair } from './options.js';
import type { CompiledProblem } from './problem.js';
import { fieldScale } from './schedule.js';

/** Options of {@link SimulatedQuantumAnnealer}. */
export interface SimulatedQuantumAnnealingOptions extends SamplingOptions {
  /** Monte Carlo sweeps per read, one per step of the schedule (default 1000). */
  readonly numSweeps?: number;
  /** Trotter slices P (default 16). */
  readonly trotterSlices?: number;
  /** Inverse temperature, in the model's units (default 20 / the typical field, see `fieldScale`). */
  readonly beta?: number;
  /**
   * Temperature T = 1 / beta in the model's units, instead of `beta`: a fixed finite temperature,
   * as on a hardware annealer, rather than one relative to each problem's field scale (so an
   * encoded problem with larger energy scales is colder, as with quantum annealing correction).
   */
  readonly temperature?: number;
  /** Transverse field Gamma at the start and end, linear in between (default `[1.5 x typical field, 0]`). */
  readonly gammaRange?: readonly [number, number];
  /** Factor B on the problem Hamiltonian at the start and end, linear in between (default `[1, 1]`). */
  readonly problemRange?: readonly [number, number];
  /** Try flipping a spin in all slices at once after each sweep (default true). */
  readonly globalMoves?: boolean;
}

const KEYS = ['numSweeps', 'trotterSlices', 'beta', 'temperature', 'gammaRange', 'problemRange', 'globalMoves'];

/** Default beta x field scale: cold enough to freeze (tuned on G1 and random 16-spin glasses). */
const BETA_FIELDS = 20;
/** Default starting Gamma / field scale: strong enough to decorrelate the slices. */
const GAMMA_FIELDS = 1.5;

/**
 * Simulated quantum annealing by path-integral Monte Carlo: the transverse-field Ising model
 * `H(t) = -Gamma(t) sum_i X_i + B(t) H_problem` at inverse temperature beta is mapped by the
 * Suzuki-Trotter decomposition onto P coupled classical replicas (slices); Metropolis sweeps
 * run while Gamma falls, approximating a quantum annealer's dynamics (Martonak, Santoro,
 * Tosatti 2002). Each read returns the lowest-energy slice at the end.
 */
export class SimulatedQuantumAnnealer extends KernelAnnealer<SimulatedQuantumAnnealingOptions> {
  readonly id = 'anneal.sqa';
  readonly properties = Object.freeze({
    parameters: ['numReads', 'numSweeps', 'trotterSlices', 'beta', 'temperature', 'gammaRange', 'problemRange', 'globalMoves', 'seed', 'initialStates', 'initialStatesGenerator', 'timeLimit', 'numThreads'],
    defaults: { numSweeps: 1000, trotterSlices: 16, globalMoves: true },
  });
  protected readonly solverKeys = KEYS;

  protected plan(model: IsingModel, problem: CompiledProblem, o: Readonly<Record<string, unknown>>): RunPlan {
    const sweeps = nonNegativeInt('numSweeps', o['numSweeps']) ?? 1000;
    const P = positiveInt('trotterSlices', o['trotterSlices']) ?? 16;
    const scale = fieldScale(model);
    const temperature = positiveNumber('temperature', o['temperature']);
    if (temperature !== undefined && o['beta'] !== undefined) {
      throw new ValidationError({ what: 'both beta and temperature were given', why: 'temperature is 1 / beta', fix: 'Pass one of them' });
    }
    const beta = temperature !== undefined ? 1 / temperature : (positiveNumber('beta', o['beta']) ?? BETA_FIELDS / scale);
    const gammaRange = positivePair('gammaRange', o['gammaRange'], true) ?? [GAMMA_FIELDS * scale, 0];
    const problemRange = positivePair('problemRange', o['problemRange'], true) ?? [1, 1];
    const globalMoves = booleanOption('globalMoves', o['globalMoves']) ?? true;
    const gammas = new Float64Array(sweeps);
    const scales = new Float64Array(sweeps);
    for (let t = 0; t < sweeps; t++) {
      const s = sweeps === 1 ? 1 : t / (sweeps - 1);
      gammas[t] = (gammaRange[0] + (gammaRange[1] - gammaRange[0]) * s) / problem.scale;
      scales[t] = problemRange[0] + (problemRange[1] - problemRange[0]) * s;
    }
    return {
      params: { kind: 'sqa', slices: P, beta: beta * problem.scale, gammas, problemScales: scales, globalMoves },
      attemptsPerRead: (P + (globalMoves ? 1 : 0)) * problem.n * sweeps,
      sweeps,
      parameters: { numSweeps: sweeps, trotterSlices: P, beta, gammaRange: [...gammaRange], problemRange: [...problemRange], globalMoves },
    };
  }
}
