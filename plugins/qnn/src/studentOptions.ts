import { TFJS_BACKENDS } from '@hqml/tfjs-models';
import { z } from 'zod';
import { ANGLE_SCALINGS } from './encoding.js';

const scaling = z.enum(ANGLE_SCALINGS as unknown as [string, ...string[]]);
const encodingSchema = z.union([
  z.object({ kind: z.literal('amplitude'), keepNorm: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('angle'), scaling: scaling.optional(), hadamard: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('dense-angle'), scaling: scaling.optional() }).strict(),
]);

/**
 * The options of the `qnn` model plugin, exactly: the student's architecture (`kind: qnn` builds
 * reducer -> encoding -> circuit -> readout -> head; `kind: seed` is the seed notebook's conv +
 * H/RY circuit), plus what the app fills in per cell (input shape, classes, seed). The backend
 * is the composition root's (`Tokens.QuantumBackend`), never an option.
 */
export const studentOptionsSchema = z
  .object({
    kind: z.enum(['qnn', 'seed']).default('qnn'),
    qubits: z.number().int().min(1).max(20),
    reducer: z.enum(['dense', 'avg-pool', 'center-crop', 'pca', 'seed-cnn']).default('dense'),
    encoding: encodingSchema.default({ kind: 'amplitude' }),
    ansatz: z.enum(['hardware-efficient', 'strongly-entangling', 'seed']).default('hardware-efficient'),
    layers: z.number().int().min(0).default(2),
    readout: z.enum(['z', 'zz', 'probabilities']).default('probabilities'),
    /** Strongly entangling layers: CNOT range. */
    range: z.number().int().min(1).optional(),
    gradientMethod: z.enum(['best', 'adjoint', 'parameter-shift']).default('best'),
    inputShape: z.array(z.number().int().positive()).min(1).default([28, 28, 1]),
    classes: z.number().int().min(2).default(10),
    seed: z.number().int().nonnegative().default(0),
    tfjsBackend: z.enum(['auto', ...TFJS_BACKENDS]).optional(),
    /** PCA reducer: at most this many (seeded) samples for the fit. */
    pcaSamples: z.number().int().min(2).optional(),
  })
  .strict();

/** Validated options of the `qnn` plugin. */
export type StudentOptions = z.infer<typeof studentOptionsSchema>;
