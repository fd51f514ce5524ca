import { type IsingModel, ValidationError } from '@hqml/core';
import { KernelAnnealer, type RunPlan, type SamplingOptions } from './kernelAnnealer.js';
import { booleanOption, nonNegativeInt, oneOf, positiveInt, positiveList, positivePair } from './options.js';
import type { CompiledProblem } from './problem.js';
import { KERNEL_CHOICES, type KernelChoice, resolveKernel } from './saKernel.js';
import { type ScheduleType, betaSchedule, defaultBetaRange } from './schedule.js';

/** Options of {@link ParallelTempering}. */
export interface ParallelTemperingOptions extends SamplingOptions {
  /** Sweeps per read; each sweep updates every replica once (default 1000). */
  readonly numSweeps?: number;
  /** Rungs of the ladder (default 16; ignored when `betas` is given). */
  readonly numReplicas?: number;
  /** `[hot, cold]` ends of the ladder (default: neal's range for the problem). */
  readonly betaRange?: readonly [number, number];
  /** Spacing of the rungs between the ends: `geometric` (default) or `linear`. */
  readonly ladderType?: ScheduleType;
  /** An explicit ladder of betas, hottest first (strictly increasing). */
  readonly betas?: ArrayLike<number>;
  /** Return the lowest state any replica visited (default true) or the coldest replica's final state. */
  readonly returnBest?: boolean;
  /** Sweep loop: `auto` (default) uses the WebAssembly table kernel for integer biases, `Math.exp` otherwise. */
  readonly kernel?: KernelChoice;
}

const KEYS = ['numSweeps', 'numReplicas', 'betaRange', 'ladderType', 'betas', 'returnBest', 'kernel'];

/**
 * Parallel tempering (replica-exchange Monte Carlo): replicas at a ladder of fixed temperatures
 * make Metropolis sweeps and swap configurations between neighbouring rungs, so states found
 * hot can cool down and cold states can escape local minima. Each read is one independent
 * ladder; reads are spread over worker threads.
 */
export class ParallelTempering extends KernelAnnealer<ParallelTemperingOptions> {
  readonly id = 'anneal.pt';
  readonly properties = Object.freeze({
    parameters: ['numReads', 'numSweeps', 'numReplicas', 'betaRange', 'ladderType', 'betas', 'returnBest', 'seed', 'initialStates', 'initialStatesGenerator', 'timeLimit', 'numThreads', 'kernel'],
    defaults: { numSweeps: 1000, numReplicas: 16, ladderType: 'geometric', returnBest: true },
  });
  protected readonly solverKeys = KEYS;

  protected plan(model: IsingModel, problem: CompiledProblem, o: Readonly<Record<string, unknown>>): RunPlan {
    const sweeps = nonNegativeInt('numSweeps', o['numSweeps']) ?? 1000;
    const given = positiveList('betas', o['betas']);
    const returnBest = booleanOption('returnBest', o['returnBest']) ?? true;
    const kernel = resolveKernel(problem, oneOf('kernel', o['kernel'], KERNEL_CHOICES) ?? 'auto');
    const ladderType = oneOf('ladderType', o['ladderType'], ['geometric', 'linear'] as const) ?? 'geometric';
    const numReplicas = positiveInt('numReplicas', o['numReplicas']) ?? 16;
    const rangeGiven = positivePair('betaRange', o['betaRange']);
    let betas: Float64Array;
    if (given) {
      for (let k = 1; k < given.length; k++) {
        if (!(given[k]! > given[k - 1]!)) {
          throw new ValidationError({ what: `betas[${k}] = ${given[k]} does not exceed betas[${k - 1}] = ${given[k - 1]}`, why: 'the ladder runs from hot to cold, strictly increasing', fix: 'Sort the betas ascending and remove duplicates' });
        }
      }
      betas = given;
    } else {
      const range = rangeGiven ?? defaultBetaRange(model);
      betas = betaSchedule([Math.min(...range), Math.max(...range)], numReplicas, ladderType);
    }
    return {
      params: { kind: 'pt', betas: betas.map((b) => b * problem.scale), numSweeps: sweeps, kernel, returnBest },
      attemptsPerRead: problem.n * betas.length * sweeps,
      sweeps,
      parameters: { numSweeps: sweeps, numReplicas: betas.length, betas: Array.from(betas), returnBest, kernel },
    };
  }
}
