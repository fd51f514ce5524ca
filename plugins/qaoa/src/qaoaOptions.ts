import { ValidationError, formatZodError } from '@hqml/core';
import { z } from 'zod';
import { QAOA_INITS } from './optimizeQaoa.js';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const positiveInt = z.number().int().positive();
const angleList = z.array(finite).min(1);

/**
 * Options that can be fixed when the plugin is created (a config's `annealer.options`) and
 * overridden per `sample` call. The plugin's options are exactly this schema.
 */
export const qaoaDefaultsSchema = z
  .object({
    /** Shots drawn from the optimised state (the SampleSet's reads; default 100). */
    numReads: positiveInt.optional(),
    /** Depth p (default 1). */
    p: positiveInt.max(64).optional(),
    /** Angle initialisation (default `interp`). */
    init: z.enum(QAOA_INITS as [string, ...string[]]).optional(),
    /** Annealing time step of ramp/TQA/INTERP's p = 1 start (default 0.7 ramp, 0.75 TQA). */
    timeStep: z.number().positive().refine(Number.isFinite, 'must be finite').optional(),
    /** `expectation` (default) or `cvar`. */
    objective: z.enum(['expectation', 'cvar']).optional(),
    /** CVaR fraction alpha in (0, 1] (default 0.25). */
    cvarAlpha: z.number().gt(0).lte(1).optional(),
    /** `auto` (default), `lbfgs` or `nelder-mead`. */
    optimizer: z.enum(['auto', 'lbfgs', 'nelder-mead']).optional(),
    /** Gradient method asked of the backend (default `best`). */
    gradientMethod: z.enum(['best', 'adjoint', 'parameter-shift', 'finite-diff']).optional(),
    /** Most L-BFGS iterations per depth (default 100). */
    maxIterations: positiveInt.optional(),
    /** Most objective evaluations per depth. */
    maxEvaluations: positiveInt.optional(),
    /** Warm-start clipping epsilon in [0, 0.5] (default 0.25). */
    warmStartEpsilon: z.number().min(0).max(0.5).optional(),
    /** Divide the cost Hamiltonian by its largest coefficient in the circuit (default true). */
    normalize: z.boolean().optional(),
    /** Variables per block when the model is larger than one circuit should be (block mode). */
    blockSize: positiveInt.optional(),
    /** Passes over the blocks in block mode (default 2). */
    blockSweeps: positiveInt.optional(),
  })
  .strict();

/** Plugin options of `anneal.qaoa`: defaults for every `sample` call. */
export type QaoaDefaults = z.infer<typeof qaoaDefaultsSchema>;

const sampleSchema = qaoaDefaultsSchema
  .extend({
    seed: z.number().int().refine(Number.isSafeInteger, 'must be a safe integer').optional(),
    /** Starting angles (see `optimizeQaoa`). */
    angles: z.object({ gammas: angleList, betas: angleList }).strict().optional(),
    /** Probability that each variable is 1 (spin +1): the warm start (one per variable). */
    warmStart: z.union([z.array(z.number()), z.instanceof(Float64Array), z.instanceof(Float32Array)]).optional(),
    /** Explicit blocks: lists of variable indices that together cover every variable once. */
    blocks: z.array(z.array(z.number().int().nonnegative()).min(1)).min(1).optional(),
  })
  .loose();

/** Options of `QaoaAnnealer.sample` after validation. */
export type QaoaSampleOptions = z.infer<typeof sampleSchema>;

const KNOWN = new Set(Object.keys(sampleSchema.shape));

/**
 * Validates `sample` options (merged over the plugin defaults) before any compute. Unknown keys
 * are kept aside, as dimod does with unknown keyword arguments, so composites can pass theirs.
 */
export function parseSampleOptions(defaults: QaoaDefaults, raw: Readonly<Record<string, unknown>>): { options: QaoaSampleOptions; ignored: string[] } {
  const merged = { ...defaults, ...raw };
  const r = sampleSchema.safeParse(merged);
  if (!r.success) throw new ValidationError({ what: 'Invalid options for anneal.qaoa', why: formatZodError(r.error), fix: 'Fix the listed option(s); see the @hqml/qaoa README' });
  const ignored = Object.keys(raw).filter((k) => !KNOWN.has(k) && raw[k] !== undefined);
  return { options: r.data, ignored };
}
