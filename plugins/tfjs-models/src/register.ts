import { type ClassicalModel, type DependencyContainer, Tokens, provide } from '@hqml/core';
import { type CreateModelOptions, type ModelId, createClassicalModel } from './createModel.js';

/** Builds the model `id` and registers it under core's `Tokens.Model` (explicitly; nothing registers on import). */
export async function registerTfjsModels(container: DependencyContainer, options: { id: ModelId } & CreateModelOptions): Promise<ClassicalModel> {
  const { id, ...rest } = options;
  const model = await createClassicalModel(id, rest);
  provide(container, Tokens.Model, model);
  return model;
}
