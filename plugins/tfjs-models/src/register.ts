import { type ClassicalModel, type DependencyContainer, type Token, provide, token } from '@hqml/core';
import { type CreateModelOptions, type ModelId, createClassicalModel } from './createModel.js';

/**
 * Token of the classical model a composition root trains or loads (the teacher). Declared here
 * with core's `token` helper (same symbol wherever it is declared with this description).
 */
export const ClassicalModelToken: Token<ClassicalModel> = token<ClassicalModel>('ClassicalModel');

/** Builds the model `id` and registers it under {@link ClassicalModelToken}. */
export async function registerTfjsModels(container: DependencyContainer, options: { id: ModelId } & CreateModelOptions): Promise<ClassicalModel> {
  const { id, ...rest } = options;
  const model = await createClassicalModel(id, rest);
  provide(container, ClassicalModelToken, model);
  return model;
}
