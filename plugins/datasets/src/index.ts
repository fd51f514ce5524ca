// Data sets
export { ImageDataset } from './imageDataset.js';
export type { ImageLoadOptions } from './imageDataset.js';
export { mnist, fashionMnist, cifar10, createDataset, DATASET_IDS } from './datasets.js';
export { MNIST_SPEC, FASHION_MNIST_SPEC, CIFAR10_SPEC, DATASET_SPECS, CIFAR_TRAIN_BATCHES } from './catalog.js';
export type { DatasetSpec, IdxDatasetSpec, CifarDatasetSpec, IdxFileSpec } from './catalog.js';
export type { DatasetEnvironment } from './environment.js';
export type { Location, IdxLocation, CifarLocation, SearchResult, SearchedPlace, SourceKind } from './locate.js';

// Sampling
export { selectSamples, validateSelection } from './selection.js';
export type { Selection, SelectionOptions } from './selection.js';

// Parsers
export { parseIdx } from './formats/idx.js';
export type { IdxArray } from './formats/idx.js';
export { parseCifarBatch, parseCifarMeta, CIFAR_RECORD_BYTES } from './formats/cifar.js';
export type { CifarBatch } from './formats/cifar.js';
export { decompressIfGzip, isGzip } from './formats/gzip.js';
export { toFloat32 } from './rawImages.js';
export type { RawImages } from './rawImages.js';

// Transforms
export { channelStats, standardize } from './transforms/standardize.js';
export type { ChannelStats } from './transforms/standardize.js';

// Composition
export { registerDatasets } from './register.js';
export type { RegisterDatasetOptions } from './register.js';
export { datasetPlugins, datasetPluginOptions } from './plugins.js';
