import { type Composition, type DataSplit, type Dataset, type LoadOptions, ValidationError } from '@hqml/core';
import { checkUniqueNames } from './cells.js';
import { z } from 'zod';

/**
 * Which samples of one split an experiment uses. `seed: run` takes the cell's run seed (a new
 * subset per seed); a number fixes the subset across seeds.
 */
export const splitSelectionSchema = z
  .object({
    /** At most this many samples per class. */
    perClass: z.number().int().min(1).optional(),
    /** At most this many samples in total (after the class filter). */
    limit: z.number().int().min(1).optional(),
    /** `first`: in file order (as the reference code did); `random`: a seeded subset. Default: the app's. */
    selection: z.enum(['first', 'random']).optional(),
    /** Seed of the subset (and of the validation hold-out, for train): a number or `run`. Default: the app's. */
    seed: z.union([z.number().int().nonnegative(), z.literal('run')]).optional(),
  })
  .strict();

/** One split's selection. */
export type SplitSelection = z.infer<typeof splitSelectionSchema>;

/**
 * The data keys of an experiment, the same in every app: a data set plugin id, a class subset,
 * the train and test selections, the validation fraction held out of the selected training
 * samples (stratified, seeded; model selection only, never the test set) and a grayscale
 * conversion. Apps spread this shape into their experiment schema and may restate a key with
 * their own default.
 */
export const dataSelectionShape = {
  /** A data set plugin id (`mnist`, `fashion-mnist`, `cifar10`, ...), checked against the registry. */
  dataset: z.string().min(1),
  /** Original class indices to keep, re-indexed 0..k-1 in this order; default all. */
  classes: z.array(z.number().int().nonnegative()).min(2).optional(),
  train: splitSelectionSchema.default({}),
  test: splitSelectionSchema.default({}),
  /** Fraction of the selected training samples held out as the validation split. */
  validation: z.number().gt(0).lt(1).optional(),
  /** Convert colour images to one luminance channel (CIFAR-10). */
  grayscale: z.boolean().default(false),
};

/** The data keys of an experiment (see {@link dataSelectionShape}). */
export interface DataSelection {
  readonly dataset: string;
  readonly classes?: readonly number[] | undefined;
  readonly train: SplitSelection;
  readonly test: SplitSelection;
  readonly validation?: number | undefined;
  readonly grayscale: boolean;
}

/** An app's defaults for what a selection leaves out. */
export interface SelectionDefaults {
  readonly selection: 'first' | 'random';
  /** Seed of the training subset and validation hold-out. */
  readonly trainSeed: number | 'run';
  /** Seed of the test subset. */
  readonly testSeed: number;
}

/** The loaded splits of one experiment for one run seed. */
export interface SelectedData {
  readonly train: DataSplit;
  /** Null when the experiment holds out no validation split. */
  readonly validation: DataSplit | null;
  readonly test: DataSplit;
  /** Names of the selected classes, by label. */
  readonly classNames: readonly string[];
}

/** The class indices a selection keeps on `dataset`. */
export function selectedClasses(sel: Pick<DataSelection, 'classes'>, dataset: Pick<Dataset, 'classes'>): number[] {
  return sel.classes ? [...sel.classes] : dataset.classes.map((_, i) => i);
}

/**
 * Checks a selection against its data set before anything is loaded: every class index exists
 * and none is listed twice. `path` names the experiment in the message.
 */
export function checkSelection(sel: DataSelection, dataset: Pick<Dataset, 'id' | 'classes' | 'sampleShape'>, path: string): void {
  const n = dataset.classes.length;
  const seen = new Set<number>();
  for (const c of sel.classes ?? []) {
    if (c >= n) throw new ValidationError({ what: `at ${path}.classes: class ${c} does not exist in ${dataset.id}`, why: `its classes are 0..${n - 1} (${dataset.classes.join(', ')})`, fix: 'Remove or correct that class index' });
    if (seen.has(c)) throw new ValidationError({ what: `at ${path}.classes: class ${c} is listed twice`, why: 'each class becomes one label', fix: 'List each class once' });
    seen.add(c);
  }
  if (sel.grayscale && dataset.sampleShape[2] !== 3) {
    throw new ValidationError({ what: `at ${path}.grayscale: ${dataset.id} has ${dataset.sampleShape[2] ?? 1}-channel images`, why: 'grayscale converts RGB images', fix: 'Remove grayscale for this data set' });
  }
}

/** The shape of one selected sample. */
export function selectedShape(sel: Pick<DataSelection, 'grayscale'>, dataset: Pick<Dataset, 'sampleShape'>): number[] {
  const s = [...dataset.sampleShape];
  if (sel.grayscale) s[2] = 1;
  return s;
}

/** The `Dataset.load` options of one split of a selection for a run seed. */
export function loadOptionsOf(sel: DataSelection, split: 'train' | 'validation' | 'test', runSeed: number, defaults: SelectionDefaults, dataDir?: string): LoadOptions {
  const s = split === 'test' ? sel.test : sel.train;
  const seed = split === 'test' ? (s.seed === undefined ? defaults.testSeed : s.seed) : (s.seed ?? defaults.trainSeed);
  return {
    ...(sel.classes ? { classes: sel.classes } : {}),
    ...(s.perClass !== undefined ? { perClass: s.perClass } : {}),
    ...(s.limit !== undefined ? { limit: s.limit } : {}),
    selection: s.selection ?? defaults.selection,
    seed: seed === 'run' ? runSeed : seed,
    ...(split !== 'test' && sel.validation !== undefined ? { validation: sel.validation } : {}),
    ...(sel.grayscale ? { grayscale: true } : {}),
    ...(dataDir ? { dataDir } : {}),
  };
}

/** Whether a selection's training subset depends on the run seed (so it is loaded per seed). */
export function dependsOnRunSeed(sel: DataSelection, defaults: SelectionDefaults): boolean {
  return (sel.train.seed ?? defaults.trainSeed) === 'run' || sel.test.seed === 'run';
}

/**
 * Loads the train, validation (when the selection holds one out) and test splits of a selection
 * for a run seed.
 */
export async function loadSelection(dataset: Dataset, sel: DataSelection, runSeed: number, defaults: SelectionDefaults, dataDir?: string): Promise<SelectedData> {
  const o = (split: 'train' | 'validation' | 'test') => loadOptionsOf(sel, split, runSeed, defaults, dataDir);
  const [train, validation, test] = await Promise.all([dataset.load('train', o('train')), sel.validation !== undefined ? dataset.load('validation', o('validation')) : Promise.resolve(null), dataset.load('test', o('test'))]);
  return { train, validation, test, classNames: selectedClasses(sel, dataset).map((c) => dataset.classes[c] ?? String(c)) };
}

/**
 * Resolves the data set of every experiment through the composition (one per plugin id) and
 * checks the experiments before anything is loaded: distinct names, and each selection's classes
 * against its data set (see {@link checkSelection}).
 */
export async function resolveExperimentData(composition: Composition, experiments: ReadonlyArray<DataSelection & { readonly name: string }>): Promise<Map<string, Dataset>> {
  checkUniqueNames(experiments.map((e) => e.name), 'experiments');
  const datasets = new Map<string, Dataset>();
  for (const [i, e] of experiments.entries()) {
    if (!datasets.has(e.dataset)) datasets.set(e.dataset, await composition.part<Dataset>(e.dataset, 'dataset'));
    checkSelection(e, datasets.get(e.dataset)!, `experiments[${i}]`);
  }
  return datasets;
}
