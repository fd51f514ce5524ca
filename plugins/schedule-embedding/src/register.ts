import { type DependencyContainer, Tokens, inject, provide } from '@hqml/core';
import { TFJS_BACKENDS } from '@hqml/tfjs-models';
import { z } from 'zod';
import { AnnealerClassifier } from './annealerClassifier.js';
import { annealerConfigSchema, resolveAnnealerConfig } from './config.js';

/**
 * The options of the `schedule-embedding` model plugin, exactly: the simulated annealer and its
 * schedule network (a preset and explicit overrides, see `annealerConfigSchema`), plus what the
 * app fills in per cell. The backend is the composition root's (`Tokens.QuantumBackend`).
 */
export const classifierOptionsSchema = annealerConfigSchema
  .extend({
    inputShape: z.array(z.number().int().positive()).min(1).default([28, 28, 1]),
    classes: z.number().int().min(2).default(10),
    seed: z.number().int().nonnegative().default(0),
    tfjsBackend: z.enum(['auto', ...TFJS_BACKENDS]).optional(),
    /** MLP backbone: hidden widths. */
    hidden: z.array(z.number().int().positive()).min(1).optional(),
  })
  .strict();

/** Validated options of the `schedule-embedding` plugin. */
export type ClassifierOptions = z.infer<typeof classifierOptionsSchema>;

/** Builds a classifier on the container's backend (which must be a StateProvider): what the plugin creates. */
export function createClassifier(options: ClassifierOptions, container: DependencyContainer): Promise<AnnealerClassifier> {
  const { inputShape, classes, seed, tfjsBackend, hidden, ...annealer } = options;
  const a = resolveAnnealerConfig(annealer);
  return AnnealerClassifier.create({
    annealer: { numQubits: a.qubits, couplers: a.couplers, steps: a.steps, totalTime: a.totalTime, slices: a.slices, order: a.order },
    inputShape, numClasses: classes, seed, backend: inject(container, Tokens.QuantumBackend), backbone: a.backbone, amplitudeBound: a.amplitudeBound,
    ...(a.filters ? { filters: a.filters } : {}), ...(hidden ? { hidden } : {}), ...(tfjsBackend ? { tfjsBackend } : {}),
  });
}

/** Builds a classifier on the container's backend and registers it under `Tokens.Model`'s slot for this package (explicitly). */
export async function registerScheduleEmbedding(container: DependencyContainer, options: unknown): Promise<AnnealerClassifier> {
  const clf = await createClassifier(classifierOptionsSchema.parse(options), container);
  provide(container, Tokens.Model, clf as never);
  return clf;
}
