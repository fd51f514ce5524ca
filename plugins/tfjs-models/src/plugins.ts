import { z } from 'zod';
import { type ClassicalModel, type HqmlPlugin, Tokens, definePlugin } from '@hqml/core';
import { TFJS_BACKENDS } from './backend/tfjsBackend.js';
import { type CreateModelOptions, type ModelId, createClassicalModel } from './createModel.js';

const dims = z.array(z.number().int().positive()).min(1);
const common = {
  inputShape: dims.default([28, 28, 1]),
  classes: z.number().int().min(2).default(10),
  seed: z.number().int().nonnegative().default(0),
  backend: z.enum(['auto', ...TFJS_BACKENDS]).optional(),
  threads: z.number().int().min(1).max(16).optional(),
};
const archExtras = {
  width: z.number().positive().max(4).optional(),
  dropout: z.number().min(0).lt(1).optional(),
  hidden: z.array(z.number().int().positive()).optional(),
  activation: z.enum(['relu', 'tanh']).optional(),
};
/** A model already built (and trained): an ensemble of cached teachers averages them as they are. */
const builtModel = z.custom<ClassicalModel>((v) => typeof v === 'object' && v !== null && typeof (v as ClassicalModel).logits === 'function' && typeof (v as ClassicalModel).outputSize === 'number', 'expected a model id, { id, ... } or a built model');
const memberSchema = z.union([z.enum(['lenet5', 'alexnet', 'mlp']), z.object({ id: z.enum(['lenet5', 'alexnet', 'mlp']), ...archExtras, seed: z.number().int().nonnegative().optional() }).strict(), builtModel]);

const schemas = {
  lenet5: z.object({ ...common, filters: z.tuple([z.number().int().min(1).max(1024), z.number().int().min(1).max(1024)]).optional() }).strict(),
  alexnet: z.object({ ...common, width: archExtras.width, dropout: archExtras.dropout }).strict(),
  mlp: z.object({ ...common, hidden: archExtras.hidden, activation: archExtras.activation }).strict(),
  ensemble: z.object({ ...common, ...archExtras, members: z.array(memberSchema).min(1).optional() }).strict(),
} as const;

const descriptions: Record<ModelId, string> = {
  lenet5: 'LeNet-5 (conv 6@5x5 tanh, avg-pool, conv 16@5x5 tanh, avg-pool, dense 120, 84, k) on TF.js',
  alexnet: 'AlexNet adapted to small images (conv 64/192/384@3x3 relu, max-pools, dropout, dense 4096, 4096, k) with a width multiplier, on TF.js',
  mlp: 'Multilayer perceptron on the flattened input, on TF.js',
  ensemble: 'Ensemble teacher: the mean of its members\' logits (default LeNet-5 + AlexNet)',
};

function modelPlugin(id: ModelId): HqmlPlugin<ClassicalModel> {
  return definePlugin<ClassicalModel, CreateModelOptions>({
    id,
    kind: 'model',
    description: descriptions[id],
    capabilities: { framework: 'tfjs', backends: ['tensorflow (tfjs-node, optional)', 'wasm', 'cpu'], saveFormat: 'tfjs layers-model', checkpoints: true, features: id !== 'ensemble' },
    token: Tokens.Model,
    options: schemas[id] as unknown as z.ZodType<CreateModelOptions>,
    create: (options) => createClassicalModel(id, options),
  });
}

/** The model plugins of this package: `lenet5`, `alexnet`, `mlp`, `ensemble`. */
export const tfjsModelPlugins: readonly HqmlPlugin[] = (['lenet5', 'alexnet', 'mlp', 'ensemble'] as const).map((id) => modelPlugin(id) as HqmlPlugin);
