import type { DataSplit } from '@hqml/core';
import { createDataset, grayscale } from '@hqml/datasets';
import type { ExperimentConfig } from './config.js';

/** The splits of one experiment under one run seed. */
export interface ExperimentData {
  readonly train: DataSplit;
  readonly validation: DataSplit;
}

function prepare(split: DataSplit, exp: ExperimentConfig): DataSplit {
  return exp.grayscale ? grayscale(split) : split;
}

/**
 * Training and validation splits for a run seed: `trainPerClass` images per class (seeded by
 * the run seed, or the first ones), of which the `validation` fraction is a stratified hold-out
 * for model selection.
 */
export async function loadTrainSplits(exp: ExperimentConfig, seed: number, dataDir?: string): Promise<ExperimentData> {
  const ds = createDataset(exp.dataset);
  const o = { classes: exp.classes, perClass: exp.trainPerClass, selection: exp.selection, seed, validation: exp.validation, ...(dataDir ? { dataDir } : {}) };
  const [train, validation] = await Promise.all([ds.load('train', o), ds.load('validation', o)]);
  return { train: prepare(train, exp), validation: prepare(validation, exp) };
}

/** The test split: `testPerClass` images per class (all when omitted), the same for every run seed. */
export async function loadTestSplit(exp: ExperimentConfig, testSeed: number, dataDir?: string): Promise<DataSplit> {
  const ds = createDataset(exp.dataset);
  const test = await ds.load('test', { classes: exp.classes, ...(exp.testPerClass ? { perClass: exp.testPerClass } : {}), selection: exp.selection, seed: testSeed, ...(dataDir ? { dataDir } : {}) });
  return prepare(test, exp);
}

/** The teacher's data: all training images of the classes (or `perClass`), with a held-out fraction. */
export async function loadTeacherSplits(exp: ExperimentConfig, perClass: number | undefined, validation: number, seed: number, dataDir?: string): Promise<ExperimentData> {
  const ds = createDataset(exp.dataset);
  const o = { classes: exp.classes, ...(perClass ? { perClass } : {}), selection: 'random' as const, seed, validation, ...(dataDir ? { dataDir } : {}) };
  const [train, val] = await Promise.all([ds.load('train', o), ds.load('validation', o)]);
  return { train: prepare(train, exp), validation: prepare(val, exp) };
}
