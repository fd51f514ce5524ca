import { basename, extname } from 'node:path';
import { baseConfigSchema, loadConfig, parseConfig, pluginRefSchema } from '@hqml/core';
import { dataSelectionShape } from '@hqml/experiment';
import { z } from 'zod';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"');

/** The CNN whose outputs are refined: a model plugin, its options, and its training. */
const cnnSchema = z
  .object({
    /** A model plugin with the `features` capability (`lenet5`, `alexnet`, `mlp`). */
    model: z.string().min(1).default('lenet5'),
    /** The model plugin's options (e.g. `{ filters: [32, 64] }`); the app adds inputShape, classes, seed and the TF.js backend. */
    options: z.record(z.string(), z.unknown()).default({}),
    epochs: z.number().int().min(1),
    batchSize: z.number().int().min(2),
    learningRate: z.number().positive().optional(),
    /** Step size factor per epoch (epoch e uses lr * decay^(e-1)). */
    learningRateDecay: z.number().gt(0).max(1).optional(),
    /** Seeded random crop and horizontal flip of the training batches (tfjs-models' `randomCropFlip`). */
    augment: z.object({ pad: z.number().int().min(0).max(15).default(4), flip: z.boolean().default(true) }).strict().optional(),
  })
  .strict();

const grid = <T extends z.ZodType>(item: T) => z.array(item).min(1);

/**
 * The labelling QUBO's weights, each a grid searched on the validation split (the test split
 * never chooses anything): candidate classes per image, neighbours per image in feature space,
 * and the agreement strength lambda (0 keeps the network's labels, so the search can decline to
 * refine).
 */
const quboSchema = z
  .object({
    candidates: grid(z.number().int().min(2)).default([2, 3]),
    neighbours: grid(z.number().int().min(1)).default([5, 10]),
    agreement: grid(z.number().min(0).refine(Number.isFinite, 'must be finite')).default([0, 0.25, 0.5, 1, 2, 4]),
    /** Edge weights: `self-tuning` (Zelnik-Manor and Perona) or `uniform`. */
    kernel: z.enum(['self-tuning', 'uniform']).default('self-tuning'),
    /** The feature space of the neighbours: the CNN's last hidden layer, or its logits. */
    features: z.enum(['penultimate', 'logits']).default('penultimate'),
  })
  .strict();

const sampleOptions = z.record(z.string(), z.unknown()).superRefine((o, ctx) => {
  for (const k of ['seed', 'warmStart', 'blocks']) {
    if (k in o) ctx.addIssue({ code: 'custom', path: [k], message: `the app sets "${k}" (seeds derive from the cell's seed; warm start and blocks from the network and the graph); remove it` });
  }
});

/** How the weights are chosen: one annealer solves every grid point's QUBO on the validation split. */
const tuningSchema = z
  .object({
    annealer: pluginRefSchema.default({ id: 'anneal.sa', options: { numThreads: 1 } }),
    /** Options of each `sample` call (numReads, numSweeps, ...). */
    sample: sampleOptions.default({ numReads: 10 }),
    /**
     * Polish the tuning annealer's sample to a local minimum in label space (iterated conditional
     * modes), so that a grid point is judged by its QUBO's minimiser rather than by how finely
     * the annealer's coldest temperature resolves small logit gaps. Default on.
     */
    polish: z.boolean().default(true),
    /** What the grid point maximises on the validation split (ties: the smaller lambda, then the fewer neighbours and candidates). */
    metric: z.enum(['accuracy', 'macroF1']).default('accuracy'),
  })
  .strict();

/** One refinement condition: an annealer by plugin id, optionally wrapped by annealer mitigators. */
const refinerSchema = z
  .object({
    name: slug.refine((n) => n !== 'cnn' && n !== 'tune', 'the names "cnn" and "tune" are the app\'s own conditions'),
    /** Label in tables (default: the name). */
    label: z.string().min(1).optional(),
    annealer: pluginRefSchema,
    /** Annealer mitigators (`mitigation.repetition`, `mitigation.spin-reversal`, ...), first innermost. */
    mitigators: z.array(pluginRefSchema).default([]),
    /** Options of the `sample` call (numReads, numSweeps, ...); merged over the annealer's own defaults. */
    sample: sampleOptions.default({}),
    /**
     * Start from the network's probabilities (annealers with the `warmStart` capability, e.g.
     * anneal.qaoa). Default: on when the annealer has it and no mitigator wraps it.
     */
    warmStart: z.boolean().optional(),
    /** Polish the annealer's sample to a local minimum in label space (iterated conditional modes); default off: the annealer's own labels. */
    polish: z.boolean().default(false),
    /** Annealers with block mode (`blocks` capability): at most this many variables per block, whole images. */
    blockVariables: z.number().int().min(2).default(12),
  })
  .strict();

const experimentSchema = z
  .object({
    name: slug,
    ...dataSelectionShape,
    /** Fraction of the selected training images held out: the CNN's early stopping and every QUBO weight are chosen on it. */
    validation: z.number().gt(0).lt(1),
    cnn: cnnSchema,
  })
  .strict();

/** The original project's claim, stated beside what was measured. */
const claimSchema = z
  .object({
    /** Claimed gain in accuracy (0.076 = 7.6%). */
    improvement: z.number(),
    source: z.string().min(1),
  })
  .strict();

/** The original claim: the network's output set the annealer's initial state, optimised with QAOA, with error correction, "a 7.6% increase" in accuracy on MNIST and CIFAR-10. */
export const ORIGINAL_CLAIM = {
  improvement: 0.076,
  source: 'the original annealer project: the network output set the initial state of the quantum annealer, optimised with QAOA, with error correction, "a 7.6% increase" in accuracy on MNIST and CIFAR-10 (whether percentage points or relative is not stated; its notebook\'s QAOA cells fell back to the classical path)',
} as const;

/** A config of `hqml refine`: the base keys every app shares, plus the refinement's. */
export const refineConfigSchema = baseConfigSchema.extend({
  title: z.string().min(1).default('Refining a CNN\'s labels with annealers'),
  seeds: baseConfigSchema.shape.seeds.default([0, 1, 2, 3, 4]),
  /** The backend of annealers that run circuits (anneal.qaoa); built only when one needs it. `mitigators` wrap it. */
  backend: pluginRefSchema.default({ id: 'statevector', options: { threads: 1 } }),
  /** TF.js backend (auto: wasm with hqml's gradient kernels when available). */
  tfjsBackend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  qubo: quboSchema.default(quboSchema.parse({})),
  tuning: tuningSchema.default(tuningSchema.parse({})),
  refiners: z.array(refinerSchema).min(1),
  claim: claimSchema.default(ORIGINAL_CLAIM),
  experiments: z.array(experimentSchema).min(1),
}).strict();

export type RefineConfig = z.infer<typeof refineConfigSchema>;
export type RefineExperiment = z.infer<typeof experimentSchema>;
export type RefinerConfig = z.infer<typeof refinerSchema>;
export type QuboGrid = z.infer<typeof quboSchema>;

/** Validates an already parsed config. */
export function parseRefineConfig(data: unknown, source = 'config'): RefineConfig {
  return parseConfig(refineConfigSchema, data, source);
}

/** Loads and validates a YAML or JSON config. */
export async function loadRefineConfig(file: string): Promise<RefineConfig> {
  return parseRefineConfig(await loadConfig(file, z.unknown()), file);
}

/** The config's file name without extension (the default run directory name). */
export function configName(file: string): string {
  return basename(file, extname(file));
}
