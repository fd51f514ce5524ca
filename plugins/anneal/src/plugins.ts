import { type Annealer, Tokens, definePlugin } from '@hqml/core';
import { z } from 'zod';
import { ExactSolver } from './exactSolver.js';
import { ParallelTempering } from './parallelTempering.js';
import { SimulatedAnnealer } from './simulatedAnnealing.js';
import { SimulatedQuantumAnnealer } from './simulatedQuantumAnnealing.js';

const threadsSchema = z.object({ numThreads: z.number().int().positive().optional() }).strict();

function threadOptions(o: { numThreads?: number | undefined }): { numThreads?: number } {
  return o.numThreads === undefined ? {} : { numThreads: o.numThreads };
}

/** `anneal.sa`: simulated annealing (dwave-neal's algorithm). */
export const simulatedAnnealingPlugin = definePlugin<Annealer, z.infer<typeof threadsSchema>>({
  id: 'anneal.sa',
  kind: 'annealer',
  description: 'Simulated annealing: Metropolis sweeps with a geometric/linear beta schedule (dwave-neal), reads over worker threads',
  capabilities: { heuristic: true, timeLimit: true, initialStates: true, threads: true },
  token: Tokens.Annealer,
  options: threadsSchema,
  create: (o) => new SimulatedAnnealer(threadOptions(o)),
});

/** `anneal.pt`: parallel tempering. */
export const parallelTemperingPlugin = definePlugin<Annealer, z.infer<typeof threadsSchema>>({
  id: 'anneal.pt',
  kind: 'annealer',
  description: 'Parallel tempering (replica exchange) with a configurable temperature ladder',
  capabilities: { heuristic: true, timeLimit: true, initialStates: true, threads: true },
  token: Tokens.Annealer,
  options: threadsSchema,
  create: (o) => new ParallelTempering(threadOptions(o)),
});

/** `anneal.sqa`: simulated quantum annealing. */
export const simulatedQuantumAnnealingPlugin = definePlugin<Annealer, z.infer<typeof threadsSchema>>({
  id: 'anneal.sqa',
  kind: 'annealer',
  description: 'Simulated quantum annealing: path-integral Monte Carlo with P Trotter slices and a transverse-field schedule',
  capabilities: { heuristic: true, timeLimit: true, initialStates: true, threads: true },
  token: Tokens.Annealer,
  options: threadsSchema,
  create: (o) => new SimulatedQuantumAnnealer(threadOptions(o)),
});

const exactSchema = z.object({ maxVariables: z.number().int().positive().max(30).optional() }).strict();

/** `anneal.exact`: exhaustive Gray-code enumeration. */
export const exactSolverPlugin = definePlugin<Annealer, z.infer<typeof exactSchema>>({
  id: 'anneal.exact',
  kind: 'annealer',
  description: 'Exact solver: Gray-code enumeration of all states (up to 26 variables), full or lowest-k spectrum',
  capabilities: { heuristic: false, maxVariables: 26 },
  token: Tokens.Annealer,
  options: exactSchema,
  create: (o) => new ExactSolver(o.maxVariables === undefined ? {} : { maxVariables: o.maxVariables }),
});

/** All annealer plugins of this package. */
export const annealPlugins = [simulatedAnnealingPlugin, parallelTemperingPlugin, simulatedQuantumAnnealingPlugin, exactSolverPlugin] as const;
