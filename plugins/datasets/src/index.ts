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

// Transforms (plain functions on a DataSplit or any { x, shape } batch)
export { channelStats, standardize } from './transforms/standardize.js';
export type { ChannelStats } from './transforms/standardize.js';
export type { ImageBatch } from './transforms/imageBatch.js';
export { sampleSize } from './transforms/imageBatch.js';
export { centerCrop } from './transforms/centerCrop.js';
export { averagePool } from './transforms/averagePool.js';
export { grayscale, BT601_WEIGHTS } from './transforms/grayscale.js';
export { flatten } from './transforms/flatten.js';
export { l2Normalize } from './transforms/l2Normalize.js';
export { fitPca, applyPca } from './transforms/pca.js';
export type { PcaModel } from './transforms/pca.js';

// Composition
export { registerDatasets } from './register.js';
export type { RegisterDatasetOptions } from './register.js';
export { datasetPlugins, datasetPluginOptions } from './plugins.js';

// Inspection, CLI, doctor, benchmarks
export { datasetInfo, verifyDataset } from './inspect.js';
export type { DatasetInfo, SplitSummary, FileCheck, VerifyReport } from './inspect.js';
export { datasetsCommand } from './command.js';
export { datasetsDoctor } from './doctor.js';
export { datasetsBench } from './bench/suite.js';
export { sha256, sha256File } from './download.js';
