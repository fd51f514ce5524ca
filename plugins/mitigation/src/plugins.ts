import { type AnnealerMitigator, type BackendMitigator, definePlugin } from '@hqml/core';
import { z } from 'zod';
import { ControlNoiseMitigator } from './annealer/controlNoise.js';
import { REPETITION_STRATEGIES, type RepetitionStrategy } from './annealer/repetitionCode.js';
import { RepetitionMitigator } from './annealer/repetitionComposite.js';
import { SpinReversalMitigator } from './annealer/spinReversal.js';
import { ReadoutMitigator, readoutOptionsSchema } from './readout/readoutMitigator.js';
import { ZneMitigator, zneOptionsFrom, zneOptionsSchema } from './zne/zneMitigator.js';

/*
 * The plugins create Mitigator values (`wrap(inner)`) and register no token: a config lists
 * mitigators in order, and the composition root composes them with core's `applyMitigators`.
 */

/** `mitigation.zne`: zero-noise extrapolation of a gate-model backend's expectation values. */
export const znePlugin = definePlugin<BackendMitigator, z.infer<typeof zneOptionsSchema>>({
  id: 'mitigation.zne',
  kind: 'mitigator',
  description: 'Zero-noise extrapolation: unitary folding (global or gates at random) and Linear/Richardson/Poly/Exp extrapolation of expectation values; keeps gradients',
  capabilities: { target: 'backend', gradients: true, defaults: { scaleFactors: [1, 3, 5], folding: 'random', factory: 'richardson' } },
  options: zneOptionsSchema,
  create: (o) => new ZneMitigator(zneOptionsFrom(o)),
});

/** `mitigation.readout`: readout-error mitigation by the tensored inverse confusion matrix. */
export const readoutPlugin = definePlugin<BackendMitigator, z.infer<typeof readoutOptionsSchema>>({
  id: 'mitigation.readout',
  kind: 'mitigator',
  description: 'Readout mitigation: per-qubit confusion matrices (calibrated on the backend or given), inverted on probabilities, shots and expectation values; keeps gradients',
  capabilities: { target: 'backend', gradients: true },
  options: readoutOptionsSchema,
  create: (o) => new ReadoutMitigator({ calibrationShots: o.calibrationShots, seed: o.seed, project: o.project, ...(o.confusion !== undefined && { confusion: o.confusion }) }),
});

const spinReversalSchema = z
  .object({
    numTransforms: z.number().int().min(0).default(1).describe('random transforms per call (0 passes through); numReads is split over them'),
    transforms: z.array(z.array(z.union([z.boolean(), z.literal(0), z.literal(1)])).min(1)).min(1).optional().describe('explicit transforms: rows of flip flags, one per variable'),
    seed: z.number().int().optional().describe('seed of the transforms when a call passes none'),
  })
  .strict();

/** `mitigation.spin-reversal`: spin-reversal (gauge) transforms around an annealer. */
export const spinReversalPlugin = definePlugin<AnnealerMitigator, z.infer<typeof spinReversalSchema>>({
  id: 'mitigation.spin-reversal',
  kind: 'mitigator',
  description: 'Spin-reversal transforms (dwave-preprocessing semantics; numReads split over the transforms): averages out biases that do not flip with the problem',
  capabilities: { target: 'annealer' },
  options: spinReversalSchema,
  create: (o) => new SpinReversalMitigator({ numTransforms: o.numTransforms, ...(o.transforms !== undefined && { transforms: o.transforms }), ...(o.seed !== undefined && { seed: o.seed }) }),
});

const repetitionSchema = z
  .object({
    strategy: z.enum(REPETITION_STRATEGIES as [RepetitionStrategy, ...RepetitionStrategy[]]).default('qac').describe('qac, ep (penalty, no decoding), c (classical copies), nested (order = copies)'),
    penalty: z.number().finite().min(0).default(0.5).describe('ferromagnetic penalty coupling (beta; gamma for nested)'),
    copies: z.number().int().min(1).optional().describe('copies per logical spin: c (default 4), nested (default 3)'),
    scale: z.number().finite().positive().default(1).describe('alpha: scale of the logical fields and couplings'),
  })
  .strict();

/** `mitigation.repetition`: repetition-code protection (QAC, EP, C, nested QAC) around an annealer. */
export const repetitionPlugin = definePlugin<AnnealerMitigator, z.infer<typeof repetitionSchema>>({
  id: 'mitigation.repetition',
  kind: 'mitigator',
  description: 'Repetition-code quantum annealing correction (Pudenz, Albash, Lidar 2014): 3 copies + penalty spin, majority decoding; EP, C and nested QAC for comparison',
  capabilities: { target: 'annealer', strategies: REPETITION_STRATEGIES },
  options: repetitionSchema,
  create: (o) => new RepetitionMitigator({ strategy: o.strategy, penalty: o.penalty, scale: o.scale, ...(o.copies !== undefined && { copies: o.copies }) }),
});

const controlNoiseSchema = z
  .object({
    sigma: z.number().finite().min(0).default(0.05).describe('Gaussian error on every h and J, redrawn per read'),
    sigmaH: z.number().finite().min(0).optional().describe('overrides sigma for h'),
    sigmaJ: z.number().finite().min(0).optional().describe('overrides sigma for J'),
    offsets: z.array(z.number().finite()).optional().describe('static field offsets, one per variable'),
    offsetSigma: z.number().finite().min(0).default(0).describe('draw static offsets N(0, offsetSigma^2) per variable instead'),
    offsetSeed: z.number().int().default(0).describe('seed of the drawn offsets (a fixed device)'),
    readsPerRealization: z.number().int().min(1).default(1).describe('reads per noise realisation'),
  })
  .strict();

/** `mitigation.control-noise`: simulated annealer hardware noise (a noise source in the mitigator shape, to measure mitigation against). */
export const controlNoisePlugin = definePlugin<AnnealerMitigator, z.infer<typeof controlNoiseSchema>>({
  id: 'mitigation.control-noise',
  kind: 'mitigator',
  description: 'Simulated annealer control noise (not a mitigator): Gaussian error on h and J per read plus static per-qubit field offsets; list it first (innermost)',
  capabilities: { target: 'annealer', noiseSource: true },
  options: controlNoiseSchema,
  create: (o) =>
    new ControlNoiseMitigator({
      sigma: o.sigma,
      offsetSigma: o.offsetSigma,
      offsetSeed: o.offsetSeed,
      readsPerRealization: o.readsPerRealization,
      ...(o.sigmaH !== undefined && { sigmaH: o.sigmaH }),
      ...(o.sigmaJ !== undefined && { sigmaJ: o.sigmaJ }),
      ...(o.offsets !== undefined && { offsets: o.offsets }),
    }),
});

/** Every plugin of this package. */
export const mitigationPlugins = [znePlugin, readoutPlugin, spinReversalPlugin, repetitionPlugin, controlNoisePlugin] as const;
