import { type AnnealerConfigInput, annealerConfigSchema } from '@hqml/schedule-embedding';
import { loadConfig, parseConfig } from '@hqml/core';
import { basename, extname } from 'node:path';
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
   * `hs` (default): the pair-averaged Hilbert-Schmidt cost of Lloyd et al. 2020; `distance-ce`:
   * cross-entropy of the nearest-class-state rule over -HS distance / temperature.
   */
  objective: z.enum(['hs', 'hs-log', 'distance-ce']).default('hs'),
  /** Temperature of `distance-ce` (HS distances lie in [0, 2]). */
  temperature: z.number().positive().default(0.25),
  /** `last` epoch's weights, or the epoch with the best `validation` accuracy (needs the experiment's validation fraction). */
  select: z.enum(['last', 'validation']).default('last'),
}).strict();

const splitSchema = z.object({
  /** At most this many samples per class. */
  perClass: z.number().int().min(1).optional(),
  /** At most this many samples in total. */
  limit: z.number().int().min(1).optional(),
  /** `first` (the seed's choice: the first images of the file) or a seeded `random` subset. */
  selection: z.enum(['first', 'random']).default('first'),
}).strict();

const experimentSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"'),
  dataset: z.enum(['mnist', 'cifar10']),
  /** Original class indices to keep; default all 10. */
  classes: z.array(z.number().int().min(0).max(9)).min(2).optional(),
  train: splitSchema.default({ selection: 'first' }),
  test: splitSchema.default({ selection: 'first' }),
  /**
   * Fraction of the selected training images held out (stratified, seeded) as a validation split:
   * the annealer's per-epoch curves and model selection, the CNN's best-weights restore. Never the test set.
   */
  validation: z.number().gt(0).lt(1).optional(),
  annealer: annealerConfigSchema.default({ preset: 'tuned' }),
  /** Training of the annealer classifier (HS cost). */
  training: trainingSchema,
  /** Training of the CNN alone (softmax head on the same backbone); omit to skip the baseline. */
  cnn: cnnTrainingSchema.optional(),
  /** Class states keep at most this many training embeddings per class. */
  maxMembers: z.number().int().min(1).optional(),
  /** Published figures to print beside ours (fractions), e.g. the seed's CIFAR-10 numbers. */
  reference: z.object({ trainAccuracy: z.number().min(0).max(1).optional(), testAccuracy: z.number().min(0).max(1).optional(), source: z.string().optional() }).strict().optional(),
}).strict().refine((e) => e.training.select !== 'validation' || e.validation !== undefined, {
  message: 'training.select is "validation" but the experiment has no validation fraction; add e.g. validation: 0.1 (held out of the training images) or use select: last',
  path: ['training', 'select'],
});

/** A config of `hqml anneal-classify`. */
export const annealConfigSchema = z.object({
  title: z.string().default('Network-programmed quantum annealer classifier'),
  runDir: z.string().optional(),
  seeds: z.array(z.number().int().min(0)).min(1).default([0, 1, 2, 3, 4]),
  /** TF.js backend (auto: wasm with hqml's gradient kernels when available). */
  tfjsBackend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  /** Threads of the statevector simulator. */
  threads: z.number().int().min(1).default(1),
  experiments: z.array(experimentSchema).min(1),
}).strict();

export type AnnealConfig = z.infer<typeof annealConfigSchema>;
export type ExperimentConfig = z.infer<typeof experimentSchema>;
export type { AnnealerConfigInput };

/** Loads and validates a YAML or JSON config. */
export function loadAnnealConfig(file: string): Promise<AnnealConfig> {
  return loadConfig(file, annealConfigSchema);
}

/** Validates an already parsed config. */
export function parseAnnealConfig(data: unknown, source = 'config'): AnnealConfig {
  return parseConfig(annealConfigSchema, data, source);
}

/** The config's file name without extension (the default run directory name). */
export function configName(file: string): string {
  return basename(file, extname(file));
}
