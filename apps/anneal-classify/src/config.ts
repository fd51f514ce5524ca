import { basename, extname } from 'node:path';
import { ValidationError, baseConfigSchema, loadConfig, parseConfig, pluginRefSchema } from '@hqml/core';
import { dataSelectionShape } from '@hqml/experiment';
import { z } from 'zod';

const cnnTrainingSchema = z.object({
  epochs: z.number().int().min(1),
  batchSize: z.number().int().min(2),
  learningRate: z.number().positive().optional(),
  /** Step size factor per epoch (epoch e uses lr * decay^(e-1)). */
  learningRateDecay: z.number().gt(0).max(1).optional(),
  /**
   * Seeded random crop (zero padding of `pad` pixels) and horizontal flip of the training
   * batches (tfjs-models' `randomCropFlip`); validation, class states and test images are not augmented.
   */
  augment: z.object({ pad: z.number().int().min(0).max(15).default(4), flip: z.boolean().default(true) }).strict().optional(),
}).strict();

const trainingSchema = cnnTrainingSchema.extend({
  /**
   * `hs` (default): the pair-averaged Hilbert-Schmidt cost of Lloyd et al. 2020; `hs-log`: the
   * same distances, -ln(D_hs/2 + 0.01) per pair; `distance-ce`: cross-entropy of the
   * nearest-class-state rule over -HS distance / temperature.
   */
  objective: z.enum(['hs', 'hs-log', 'distance-ce']).default('hs'),
  /** Temperature of `distance-ce` (HS distances lie in [0, 2]). */
  temperature: z.number().positive().default(0.25),
  /** `last` epoch's weights, or the epoch with the best `validation` accuracy (needs the experiment's validation fraction). */
  select: z.enum(['last', 'validation']).default('last'),
}).strict();

/**
 * The classifier: a model plugin (`model`, default `schedule-embedding`) and its options inline
 * (`{ preset: tuned, qubits: 3, steps: 6, ... }`), checked against the plugin's own schema before
 * anything runs; the app adds the input shape, the class count and the seed.
 */
const classifierSchema = z.object({ model: z.string().min(1).default('schedule-embedding') }).catchall(z.unknown());

const experimentSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"'),
  ...dataSelectionShape,
  annealer: classifierSchema.default({ model: 'schedule-embedding', preset: 'tuned' }),
  /** Training of the annealer classifier (HS cost). */
  training: trainingSchema,
  /**
   * The CNN alone (a softmax head on the same backbone: the `model` plugin, default `lenet5`,
   * with the annealer's filters); omit to skip the baseline.
   */
  cnn: cnnTrainingSchema.extend({ model: z.string().min(1).default('lenet5') }).strict().optional(),
  /** Class states keep at most this many training embeddings per class. */
  maxMembers: z.number().int().min(1).optional(),
  /** Published figures to print beside ours (fractions), e.g. the seed's CIFAR-10 numbers. */
  reference: z.object({ trainAccuracy: z.number().min(0).max(1).optional(), testAccuracy: z.number().min(0).max(1).optional(), source: z.string().optional() }).strict().optional(),
}).strict().refine((e) => e.training.select !== 'validation' || e.validation !== undefined, {
  message: 'training.select is "validation" but the experiment has no validation fraction; add e.g. validation: 0.1 (held out of the training images) or use select: last',
  path: ['training', 'select'],
});

/** A config of `hqml anneal-classify`: the base keys every app shares, plus the annealer's. */
export const annealConfigSchema = baseConfigSchema.extend({
  title: z.string().min(1).default('Network-programmed quantum annealer classifier'),
  seeds: baseConfigSchema.shape.seeds.default([0, 1, 2, 3, 4]),
  /** The simulator of the annealer (needs final states: the StateProvider ability). One thread by default. */
  backend: pluginRefSchema.default({ id: 'statevector', options: { threads: 1 } }),
  /** TF.js backend (auto: wasm with hqml's gradient kernels when available). */
  tfjsBackend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  experiments: z.array(experimentSchema).min(1),
}).strict();

export type AnnealConfig = z.infer<typeof annealConfigSchema>;
export type ExperimentConfig = z.infer<typeof experimentSchema>;

/** Refuses keys that earlier versions of this app accepted, naming their replacement. */
function refuseRenamedKeys(data: unknown, source: string): void {
  if (typeof data === 'object' && data !== null && 'threads' in data) {
    throw new ValidationError({ what: `${source}: the key "threads" was replaced`, why: 'the simulator is the backend plugin, and its threads are its option', fix: 'Write backend: { id: statevector, options: { threads: N } }' });
  }
}

/** Validates an already parsed config. */
export function parseAnnealConfig(data: unknown, source = 'config'): AnnealConfig {
  refuseRenamedKeys(data, source);
  return parseConfig(annealConfigSchema, data, source);
}

/** Loads and validates a YAML or JSON config. */
export async function loadAnnealConfig(file: string): Promise<AnnealConfig> {
  return parseAnnealConfig(await loadConfig(file, z.unknown()), file);
}

/** The config's file name without extension (the default run directory name). */
export function configName(file: string): string {
  return basename(file, extname(file));
}
