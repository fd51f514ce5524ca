import { type ClassicalModel, ValidationError, describeValue } from '@hqml/core';
import { type ArchitectureId, ARCHITECTURES } from './models/architectures.js';
import { EnsembleModel } from './models/ensembleModel.js';
import { type TfjsModelOptions, TfjsModel } from './models/tfjsModel.js';

/** The model ids this package provides. */
export const MODEL_IDS = [...ARCHITECTURES, 'ensemble'] as const;
export type ModelId = (typeof MODEL_IDS)[number];

/** Options of {@link createClassicalModel}; `members` only for `ensemble`. */
export interface CreateModelOptions extends TfjsModelOptions {
  /** Ensemble members (ids and per-member options over the shared ones). Default: lenet5 and alexnet. */
  readonly members?: ReadonlyArray<ArchitectureId | ({ readonly id: ArchitectureId } & Partial<TfjsModelOptions>) | ClassicalModel>;
}

/**
 * Builds a model by id: `lenet5`, `alexnet`, `mlp`, or `ensemble` (mean of member logits; each
 * member gets the shared options, its own overrides and seed + index, or is a model built
 * before, e.g. a cached teacher).
 */
export async function createClassicalModel(id: ModelId, options: CreateModelOptions): Promise<ClassicalModel> {
  if (id === 'ensemble') {
    const { members = ['lenet5', 'alexnet'], ...shared } = options;
    const built: ClassicalModel[] = [];
    for (const [i, m] of members.entries()) {
      // A built model (a cached, trained teacher) joins as it is.
      if (typeof m === 'object' && 'logits' in m) {
        built.push(m);
        continue;
      }
      const spec = typeof m === 'string' ? { id: m } : m;
      built.push(await TfjsModel.create(spec.id, { ...shared, seed: (shared.seed ?? 0) + i, ...spec }));
    }
    return new EnsembleModel(built);
  }
  if (!(ARCHITECTURES as readonly string[]).includes(id)) {
    throw new ValidationError({ what: `Unknown model id ${describeValue(id)}`, why: `this package provides ${MODEL_IDS.join(', ')}`, fix: 'Use one of them' });
  }
  return TfjsModel.create(id, options);
}
