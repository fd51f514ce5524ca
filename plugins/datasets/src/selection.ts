import { type LoadOptions, Rng, type SplitName, ValidationError, describeValue } from '@hqml/core';

/** The sampling options of a load: the part of the core `LoadOptions` that picks samples. */
export type SelectionOptions = Pick<LoadOptions, 'classes' | 'perClass' | 'selection' | 'limit' | 'seed' | 'validation'>;

/** Which samples of a raw split a load returns. */
export interface Selection {
  /** Sample indices into the raw split, ascending (file order). */
  readonly indices: Int32Array;
  /** Re-indexed labels 0..k-1, aligned with `indices`. */
  readonly labels: Int32Array;
  /** The original class index of each new label. */
  readonly classes: readonly number[];
}

function positiveInt(name: string, v: number | undefined): void {
  if (v === undefined) return;
  if (!Number.isSafeInteger(v) || v < 1) {
    throw new ValidationError({ what: `${name} = ${describeValue(v)}`, why: `${name} must be a positive integer`, fix: `Pass e.g. ${name}: 150, or leave it out for no cap` });
  }
}

/** Checks the options against a data set with `classCount` classes; throws a ValidationError naming the option. */
export function validateSelection(split: SplitName, o: SelectionOptions, classCount: number): void {
  if (!['train', 'validation', 'test'].includes(split)) {
    throw new ValidationError({ what: `split = ${describeValue(split)}`, why: "the split must be 'train', 'validation' or 'test'", fix: "Pass one of 'train', 'validation', 'test'" });
  }
  if (o.classes !== undefined) {
    if (!Array.isArray(o.classes) || o.classes.length === 0) {
      throw new ValidationError({ what: `classes = ${describeValue(o.classes)}`, why: 'classes must be a non-empty array of class indices', fix: `Pass e.g. classes: [0, 1], or leave it out for all ${classCount} classes` });
    }
    const seen = new Set<number>();
    for (const c of o.classes) {
      if (!Number.isInteger(c) || c < 0 || c >= classCount) {
        throw new ValidationError({ what: `classes contains ${describeValue(c)}`, why: `class indices of this data set are integers in 0..${classCount - 1}`, fix: 'Remove or correct that entry' });
      }
      if (seen.has(c)) throw new ValidationError({ what: `classes contains ${c} twice`, why: 'each class is re-indexed to one label', fix: 'List each class once' });
      seen.add(c);
    }
  }
  positiveInt('perClass', o.perClass);
  positiveInt('limit', o.limit);
  if (o.selection !== undefined && o.selection !== 'first' && o.selection !== 'random') {
    throw new ValidationError({ what: `selection = ${describeValue(o.selection)}`, why: "selection must be 'first' (file order, as the reference code did) or 'random' (seeded)", fix: "Pass 'first' or 'random'" });
  }
  if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) {
    throw new ValidationError({ what: `seed = ${describeValue(o.seed)}`, why: 'seeds must be integers so that runs repeat exactly', fix: 'Pass an integer seed such as 0' });
  }
  if (o.validation !== undefined && !(typeof o.validation === 'number' && o.validation > 0 && o.validation < 1)) {
    throw new ValidationError({ what: `validation = ${describeValue(o.validation)}`, why: 'validation is the fraction of the training samples held out, strictly between 0 and 1', fix: 'Pass e.g. validation: 0.1' });
  }
  if (split === 'validation' && o.validation === undefined) {
    throw new ValidationError({
      what: "split 'validation' was requested without the validation option",
      why: 'the validation split is a seeded hold-out of the training set, and its size must be stated so that the matching train split excludes it',
      fix: "Pass the same { validation: 0.1, seed } to load('train') and load('validation')",
    });
  }
}

/**
 * Picks the samples of a load, in this order: class filter, `perClass` (first in file order, or a
 * seeded random subset), `limit`, then the stratified validation hold-out. The hold-out comes
 * last so that `train` and `validation` loaded with the same options partition the same pool.
 *
 * Two independent random streams (selection, hold-out) are split from the seed, so changing
 * `selection` does not change which samples of a given pool are held out.
 */
export function selectSamples(labels: Uint8Array, classCount: number, split: SplitName, o: SelectionOptions): Selection {
  validateSelection(split, o, classCount);
  const classes = o.classes ? [...o.classes] : Array.from({ length: classCount }, (_, i) => i);
  const newLabel = new Int32Array(classCount).fill(-1);
  classes.forEach((c, i) => (newLabel[c] = i));
  const [selRng, valRng] = Rng.from(o.seed ?? 0).split(2) as [Rng, Rng];
  const random = o.selection === 'random';

  const perClass: number[][] = classes.map(() => []);
  for (let i = 0; i < labels.length; i++) {
    const l = newLabel[labels[i] as number] as number;
    if (l >= 0) (perClass[l] as number[]).push(i);
  }
  let pool: number[] = [];
  for (const list of perClass) {
    if (random) selRng.shuffle(list);
    pool.push(...(o.perClass !== undefined ? list.slice(0, o.perClass) : list));
  }
  if (random) selRng.shuffle(pool);
  else pool.sort((a, b) => a - b);
  if (o.limit !== undefined) pool = pool.slice(0, o.limit);
  pool.sort((a, b) => a - b);

  if (split !== 'test' && o.validation !== undefined) {
    const byClass: number[][] = classes.map(() => []);
    for (const i of pool) (byClass[newLabel[labels[i] as number] as number] as number[]).push(i);
    const held = new Set<number>();
    for (const members of byClass) {
      const k = Math.round(members.length * o.validation);
      valRng.shuffle(members);
      for (let j = 0; j < k; j++) held.add(members[j] as number);
    }
    pool = pool.filter((i) => held.has(i) === (split === 'validation'));
  }
  if (pool.length === 0) {
    throw new ValidationError({
      what: `The ${split} split selected no samples (classes ${describeValue(classes)}, perClass ${describeValue(o.perClass)}, limit ${describeValue(o.limit)}, validation ${describeValue(o.validation)})`,
      why: 'an empty split cannot be trained or evaluated on',
      fix: 'Raise perClass / limit or the validation fraction',
    });
  }
  const indices = Int32Array.from(pool);
  const y = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) y[k] = newLabel[labels[indices[k] as number] as number] as number;
  return { indices, labels: y, classes };
}
