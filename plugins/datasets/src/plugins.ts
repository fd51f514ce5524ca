import { type Dataset, definePlugin, type HqmlPlugin, Tokens } from '@hqml/core';
import { z } from 'zod';
import { DATASET_SPECS } from './catalog.js';
import { createDataset } from './datasets.js';

/** Options a config may give a data set plugin. */
export const datasetPluginOptions = z
  .object({
    /** Cache root (default ~/.cache/hqml). */
    cacheRoot: z.string().min(1).optional(),
    /** Whether missing files may be downloaded (default: yes unless HQML_OFFLINE=1). */
    download: z.boolean().optional(),
    /** Base URLs replacing the standard download locations. */
    mirrors: z.array(z.string().url()).min(1).optional(),
  })
  .strict();

type PluginOptions = z.infer<typeof datasetPluginOptions>;

/** One plugin per data set: `mnist`, `fashion-mnist`, `cifar10`. */
export const datasetPlugins: readonly HqmlPlugin<Dataset, PluginOptions>[] = DATASET_SPECS.map((spec) =>
  definePlugin<Dataset, PluginOptions>({
    id: spec.id,
    kind: 'dataset',
    description: `${spec.title}: ${spec.sampleShape.join('x')} images, ${spec.classes.length} classes`,
    capabilities: { sampleShape: spec.sampleShape, classes: spec.classes.length, format: spec.format },
    token: Tokens.Dataset,
    options: datasetPluginOptions as unknown as z.ZodType<PluginOptions>,
    create: (o) =>
      createDataset(spec.id, {
        ...(o.cacheRoot !== undefined ? { cacheRoot: o.cacheRoot } : {}),
        ...(o.download !== undefined ? { download: o.download } : {}),
        ...(o.mirrors !== undefined ? { mirrors: o.mirrors } : {}),
      }),
  }),
);
