import { basename, extname } from 'node:path';
import { loadConfig, parseConfig, pluginRefSchema } from '@hqml/core';
import { z } from 'zod';

const encodingSchema = z.union([
  z.object({ kind: z.literal('amplitude'), keepNorm: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('angle'), scaling: z.enum(['identity', 'pi', 'pi-tanh', 'arctan']).optional(), hadamard: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('dense-angle'), scaling: z.enum(['identity', 'pi', 'pi-tanh', 'arctan']).optional() }).strict(),
]);

/** The quantum student of an experiment (qnn's buildStudent options, or the seed's architecture). */
export const studentSchema = z
  .object({
    /** `qnn` builds reducer -> encoding -> circuit -> readout -> head; `seed` is the seed notebook's conv + H/RY circuit. */
    kind: z.enum(['qnn', 'seed']).default('qnn'),
    qubits: z.number().int().min(1).max(20),
    reducer: z.enum(['dense', 'avg-pool', 'center-crop', 'pca', 'seed-cnn']).default('dense'),
    encoding: encodingSchema.default({ kind: 'amplitude' }),
    ansatz: z.enum(['hardware-efficient', 'strongly-entangling', 'seed']).default('hardware-efficient'),
    layers: z.number().int().min(0).default(2),
    readout: z.enum(['z', 'zz', 'probabilities']).default('probabilities'),
  })
  .strict();

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

/** A single-network teacher: a tfjs-models id, its architecture options (AlexNet width, ...) and training overrides. */
export const memberTeacherSchema = z.union([
  z.enum(['lenet5', 'alexnet', 'mlp']),
  z
    .object({
      model: z.enum(['lenet5', 'alexnet', 'mlp']),
      /** Name in condition labels; default the model id. */
      name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
      options: z.record(z.string(), z.unknown()).default({}),
      /** Overrides of `teacherTraining` for this teacher (e.g. fewer images for a slow AlexNet). */
      training: teacherTrainingSchema.partial().optional(),
    })
    .strict(),
]);

/**
 * A teacher: a single network, or an ensemble (the mean of its members' logits). Ensemble
 * members are the same cached teachers as when they are named alone, so an ensemble of LeNet-5
 * and AlexNet costs no extra training.
 */
export const teacherSchema = z.union([
  memberTeacherSchema,
  z
    .object({
      model: z.literal('ensemble'),
      name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional(),
      members: z.array(memberTeacherSchema).min(1),
    })
    .strict(),
]);

/** One experiment: a data set, a class subset, a student; baseline and one distilled condition per teacher. */
export const experimentSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    /** Group label in tables and plots; default the name. */
    label: z.string().optional(),
    dataset: z.enum(['mnist', 'fashion-mnist', 'cifar10']),
    classes: z.array(z.number().int().nonnegative()).min(2),
    /** Training images per class (the validation split is taken from them). */
    trainPerClass: z.number().int().min(2),
    testPerClass: z.number().int().min(1).optional(),
    /** Fraction of the training images held out for model selection. */
    validation: z.number().gt(0).lt(1).default(0.2),
    /** How the per-class subsets are picked: seeded random (by the run seed) or the first ones, as the seed code did. */
    selection: z.enum(['random', 'first']).default('random'),
    /** Convert colour images to grayscale (CIFAR-10). */
    grayscale: z.boolean().default(false),
    student: studentSchema,
    teachers: z.array(teacherSchema).default(['lenet5']),
    /** Whether to run the labels-only baseline. */
    baseline: z.boolean().default(true),
    /** Published reference test accuracies (percent) by condition name (`baseline`, `kd-lenet5`, ...), printed beside ours. */
    reference: z.record(z.string(), z.number()).default({}),
  })
  .strict();

/** A `hqml kd` configuration file. */
export const kdConfigSchema = z
  .object({
    title: z.string().min(1),
    seeds: z.array(z.number().int().nonnegative()).min(1),
    /** Quantum backend plugin (`statevector`, or `{ id, options }`). */
    backend: pluginRefSchema.default('statevector'),
    /** TF.js backend: auto (tensorflow > wasm > cpu), wasm or cpu. */
    tfjsBackend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
    /** Threads of the wasm backend. */
    threads: z.number().int().min(1).optional(),
    /** Run directory; default `runs/kd/<config file name>`. Rerunning with the same directory resumes. */
    runDir: z.string().optional(),
    /** Where data sets are looked up first. */
    dataDir: z.string().optional(),
    /** Seed of the fixed test subset (the same test images for every run seed). */
    testSeed: z.number().int().nonnegative().default(0),
    training: trainingSchema.default(trainingSchema.parse({})),
    kd: z.object({ temperature: z.number().positive().default(3), alpha: z.number().min(0).max(1).default(0.9) }).strict().default({ temperature: 3, alpha: 0.9 }),
    teacherTraining: teacherTrainingSchema.default(teacherTrainingSchema.parse({})),
    experiments: z.array(experimentSchema).min(1),
    notes: z.array(z.string()).default([]),
  })
  .strict();

export type KdConfig = z.infer<typeof kdConfigSchema>;
export type ExperimentConfig = z.infer<typeof experimentSchema>;
export type StudentConfig = z.infer<typeof studentSchema>;
export type TeacherConfig = z.infer<typeof teacherSchema>;
export type TrainingConfig = z.infer<typeof trainingSchema>;
export type TeacherTrainingConfig = z.infer<typeof teacherTrainingSchema>;

/** Reads and validates a config file; errors name the offending key. */
export function loadKdConfig(file: string): Promise<KdConfig> {
  return loadConfig(file, kdConfigSchema);
}

/** Validates a config object. */
export function parseKdConfig(data: unknown, source = 'kd config'): KdConfig {
  return parseConfig(kdConfigSchema, data, source);
}

/** The config's short name: its file name without extension. */
export function configName(file: string): string {
  return basename(file, extname(file));
}

export type MemberTeacherConfig = z.infer<typeof memberTeacherSchema>;

/** A teacher's display name (condition `kd-<name>`). */
export function teacherName(t: TeacherConfig): string {
  return typeof t === 'string' ? t : t.name ?? t.model;
}
