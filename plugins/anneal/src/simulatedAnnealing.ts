import { type IsingModel, ValidationError } from '@hqml/core';
import { KernelAnnealer, type RunPlan, type SamplingOptions } from './kernelAnnealer.js';
import { nonNegativeInt, oneOf, positiveInt, positiveList, positivePair } from './options.js';
import type { CompiledProblem } from './problem.js';
import { KERNEL_CHOICES, type KernelChoice, resolveKernel } from './saKernel.js';
import { type BetaRange, type ScheduleType, betaSchedule, defaultBetaRange } from './schedule.js';

/** Options of {@link SimulatedAnnealer} (dwave-neal's names, camel-cased). */
export interface SimulatedAnnealingOptions extends SamplingOptions {
  /** Sweeps per read (default 1000). */
  readonly numSweeps?: number;
  /** Sweeps at each beta (default 1); numSweeps must be a multiple of it. */
  readonly numSweepsPerBeta?: number;
  /** `[hot, cold]` inverse temperatures (default: derived from the problem as neal does). */
  readonly betaRange?: readonly [number, number];
  /** `geometric` (default) or `linear` between the range's ends, or `custom` with `betaSchedule`. */
  readonly betaScheduleType?: ScheduleType | 'custom';
  /** An explicit schedule of betas (implies `custom`). */
  readonly betaSchedule?: ArrayLike<number>;
  /** Sweep loop: `auto` (default) uses the WebAssembly table kernel for integer biases, `Math.exp` otherwise. */
  readonly kernel?: KernelChoice;
}

const KEYS = ['numSweeps', 'numSweepsPerBeta', 'betaRange', 'betaScheduleType', 'betaSchedule', 'kernel'];

/**
 * Simulated annealing (dwave-neal's algorithm): each read starts from a random (or given) state
 * and makes `numSweeps` sequential Metropolis sweeps over the CSR adjacency while beta rises
 * along a geometric or linear schedule. Reads are independent and spread over worker threads.
 */
export class SimulatedAnnealer extends KernelAnnealer<SimulatedAnnealingOptions> {
  readonly id = 'anneal.sa';
  readonly properties = Object.freeze({
    parameters: ['numReads', 'numSweeps', 'numSweepsPerBeta', 'betaRange', 'betaScheduleType', 'betaSchedule', 'seed', 'initialStates', 'initialStatesGenerator', 'timeLimit', 'numThreads', 'kernel'],
    defaults: { numSweeps: 1000, numSweepsPerBeta: 1, betaScheduleType: 'geometric' },
  });
  protected readonly solverKeys = KEYS;

  protected plan(model: IsingModel, problem: CompiledProblem, o: Readonly<Record<string, unknown>>): RunPlan {
    const perBeta = positiveInt('numSweepsPerBeta', o['numSweepsPerBeta']) ?? 1;
    const custom = positiveList('betaSchedule', o['betaSchedule'], true);
    const type = oneOf('betaScheduleType', o['betaScheduleType'], ['geometric', 'linear', 'custom'] as const) ?? (custom ? 'custom' : 'geometric');
    const sweepsGiven = nonNegativeInt('numSweeps', o['numSweeps'], 'Pass numSweeps >= 0 (0 returns the initial states)');
    const rangeGiven = positivePair('betaRange', o['betaRange']);
    const kernel = resolveKernel(problem, oneOf('kernel', o['kernel'], KERNEL_CHOICES) ?? 'auto');
    let betas: Float64Array;
    let range: BetaRange | undefined;
    if (type === 'custom') {
      if (!custom) throw new ValidationError({ what: 'betaScheduleType is "custom" but no betaSchedule was given', why: 'a custom schedule lists its betas', fix: 'Pass betaSchedule: [b1, b2, ...]' });
      if (sweepsGiven !== undefined && sweepsGiven !== custom.length * perBeta) {
        throw new ValidationError({ what: `numSweeps is ${sweepsGiven} but betaSchedule has ${custom.length} betas x ${perBeta} sweeps each`, why: 'a custom schedule fixes the sweep count', fix: 'Leave numSweeps out or make it match' });
      }
      betas = custom;
    } else {
      if (custom) throw new ValidationError({ what: `betaSchedule was given with betaScheduleType "${type}"`, why: 'an explicit schedule is a custom schedule', fix: 'Drop betaScheduleType or set it to "custom"' });
      const sweeps = sweepsGiven ?? 1000;
      if (sweeps % perBeta !== 0) {
        throw new ValidationError({ what: `numSweeps ${sweeps} is not a multiple of numSweepsPerBeta ${perBeta}`, why: 'each beta of the schedule gets the same number of sweeps', fix: `Use numSweeps = ${Math.max(perBeta, Math.round(sweeps / perBeta) * perBeta)}` });
      }
      range = rangeGiven ?? defaultBetaRange(model);
      betas = betaSchedule(range, sweeps / perBeta, type);
    }
    const sweeps = betas.length * perBeta;
    return {
      params: { kind: 'sa', betas: betas.map((b) => b * problem.scale), sweepsPerBeta: perBeta, kernel },
      attemptsPerRead: problem.n * sweeps,
      sweeps,
      parameters: {
        numSweeps: sweeps,
        numSweepsPerBeta: perBeta,
        betaScheduleType: type,
        ...(range !== undefined && { betaRange: [...range] }),
        ...(type === 'custom' && { betaSchedule: Array.from(betas) }),
        kernel,
      },
    };
  }
}
