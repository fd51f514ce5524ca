import { basename, extname } from 'node:path';
import { ValidationError, baseConfigSchema, loadConfig, parseConfig, pluginRefSchema } from '@hqml/core';
import { dataSelectionShape } from '@hqml/experiment';
import { z } from 'zod';

/**
 * The student of an experiment: a model plugin (`model`, default `qnn`) and its options, written
 * inline (`{ qubits: 4, reducer: dense, ... }`). The options are checked against the plugin's
 * own schema before anything runs; the app adds the input shape, the class count and the seed.
 */
export const studentSchema = z.object({ model: z.string().min(1).default('qnn') }).catchall(z.unknown());

/** Student training hyper-parameters (both trainers). */
export const trainingSchema = z
  .object({
    epochs: z.number().int().min(1).default(10),
    batchSize: z.number().int().min(1).default(32),
    learningRate: z.number().positive().default(0.01),
    optimizer: z.enum(['adam', 'sgd']).default('adam'),
    /** Early stopping on the validation loss (epochs without improvement). */
    patience: z.number().int().min(1).optional(),
  })
  .strict();

/** How a teacher is trained (once per data set, class subset and model; cached between runs). */
export const teacherTrainingSchema = z
  .object({
    epochs: z.number().int().min(1).default(1),
    batchSize: z.number().int().min(1).default(64),
    learningRate: z.number().positive().default(0.001),
    /** Training images per class; omit for the full training data of the classes. */
    perClass: z.number().int().min(1).optional(),
    /** Fraction of the teacher's training data held out to report its validation accuracy. */
    validation: z.number().gt(0).lt(1).default(0.05),
    /** Seed of the teacher's initialisation and shuffling (one teacher for every student seed). */
    seed: z.number().int().nonnegative().default(0),
  })
  .strict();

const teacherNameSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/);

/** A single-network teacher: a model plugin id (`lenet5`, `alexnet`, ...), its options and training overrides. */
export const memberTeacherSchema = z.union([
  z.string().min(1),
  z
    .object({
      model: z.string().min(1),
      /** Name in condition labels; default the model id. */
      name: teacherNameSchema.optional(),
      options: z.record(z.string(), z.unknown()).default({}),
      /** Overrides of `teacherTraining` for this teacher (e.g. fewer images for a slow AlexNet). */
      training: teacherTrainingSchema.partial().optional(),
    })
    .strict(),
]);

/**
 * A teacher: a single network, or an ensemble (the `ensemble` model plugin over its members'
 * logits). Ensemble members are the same cached teachers as when they are named alone, so an
 * ensemble of LeNet-5 and AlexNet costs no extra training.
 */
export const teacherSchema = z.union([
  z
    .object({
      model: z.literal('ensemble'),
      name: teacherNameSchema.optional(),
      members: z.array(memberTeacherSchema).min(1),
    })
    .strict(),
  memberTeacherSchema,
]);

/** One experiment: a data selection, a student; baseline and one distilled condition per teacher. */
export const experimentSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    /** Group label in tables and plots; default the name. */
    label: z.string().optional(),
    ...dataSelectionShape,
    /** Fraction of the selected training images held out for model selection. */
    validation: z.number().gt(0).lt(1).default(0.2),
    /** This experiment's students run on this backend instead of the run's (e.g. a noisy one). */
    backend: pluginRefSchema.optional(),
    /** This experiment's backend mitigators instead of the run's (e.g. `[mitigation.zne]` on a noisy backend). */
    mitigators: z.array(pluginRefSchema).optional(),
    student: studentSchema,
    teachers: z.array(teacherSchema).default(['lenet5']),
    /** Whether to run the labels-only baseline. */
    baseline: z.boolean().default(true),
    /** Published reference test accuracies (percent) by condition name (`baseline`, `kd-lenet5`, ...), printed beside ours. */
    reference: z.record(z.string(), z.number()).default({}),
  })
  .strict();

/** A `hqml kd` configuration file: the base keys every app shares, plus distillation's. */
export const kdConfigSchema = baseConfigSchema
  .extend({
    /** TF.js backend: auto (tensorflow > wasm > cpu), wasm or cpu. */
    tfjsBackend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
    /** Threads of the wasm backend. */
    threads: z.number().int().min(1).optional(),
    /** Seed of the test subset (the same test images for every run seed) unless an experiment's `test.seed` says otherwise. */
    testSeed: z.number().int().nonnegative().default(0),
    training: trainingSchema.default(trainingSchema.parse({})),
    /** The trainer of each condition: `baseline` (labels only) and `distilled` (one per teacher). */
    trainers: z
      .object({ baseline: pluginRefSchema.default('distill.baseline'), distilled: pluginRefSchema.default({ id: 'distill.kd', options: { temperature: 3, alpha: 0.9 } }) })
      .strict()
      .default({ baseline: 'distill.baseline', distilled: { id: 'distill.kd', options: { temperature: 3, alpha: 0.9 } } }),
    teacherTraining: teacherTrainingSchema.default(teacherTrainingSchema.parse({})),
    experiments: z.array(experimentSchema).min(1),
    notes: z.array(z.string()).default([]),
  })
  .strict();

export type KdConfig = z.infer<typeof kdConfigSchema>;
export type ExperimentConfig = z.infer<typeof experimentSchema>;
export type StudentConfig = z.infer<typeof studentSchema>;
export type TeacherConfig = z.infer<typeof teacherSchema>;
export type MemberTeacherConfig = z.infer<typeof memberTeacherSchema>;
export type TrainingConfig = z.infer<typeof trainingSchema>;
export type TeacherTrainingConfig = z.infer<typeof teacherTrainingSchema>;

/** Keys of earlier config versions and what replaced them (a clear message instead of "unknown key"). */
const RENAMED: ReadonlyArray<readonly [string, string]> = [
  ['trainPerClass', 'train: { perClass: N }'],
  ['testPerClass', 'test: { perClass: N }'],
  ['selection', 'train: { selection: ... } and test: { selection: ... } (default random)'],
];

/** Refuses keys that earlier versions of this app accepted, naming their replacement. */
function refuseRenamedKeys(data: unknown, source: string): void {
  if (typeof data !== 'object' || data === null) return;
  const d = data as Record<string, unknown>;
  if ('kd' in d) throw new ValidationError({ what: `${source}: the key "kd" was replaced`, why: 'distillation settings are the options of the distilled trainer plugin', fix: 'Write trainers: { distilled: { id: distill.kd, options: { temperature: 3, alpha: 0.9 } } }' });
  const exps = Array.isArray(d['experiments']) ? (d['experiments'] as unknown[]) : [];
  exps.forEach((e, i) => {
    if (typeof e !== 'object' || e === null) return;
    for (const [old, now] of RENAMED) {
      if (old in (e as Record<string, unknown>)) throw new ValidationError({ what: `${source}: at experiments[${i}].${old}: this key was replaced`, why: 'the apps share one data-selection schema', fix: `Write ${now}` });
    }
  });
}

/** Validates a config object. */
export function parseKdConfig(data: unknown, source = 'kd config'): KdConfig {
  refuseRenamedKeys(data, source);
  return parseConfig(kdConfigSchema, data, source);
}

/** Reads and validates a config file; errors name the offending key. */
export async function loadKdConfig(file: string): Promise<KdConfig> {
  const raw = await loadConfig(file, z.unknown());
  return parseKdConfig(raw, file);
}

/** The config's short name: its file name without extension. */
export function configName(file: string): string {
  return basename(file, extname(file));
}

/** A teacher's display name (condition `kd-<name>`). */
export function teacherName(t: TeacherConfig): string {
  return typeof t === 'string' ? t : (t.name ?? t.model);
}
