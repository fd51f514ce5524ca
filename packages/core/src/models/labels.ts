import { ResourceError, ValidationError, describeValue } from '../errors.js';

/**
 * A variable label: a finite number, a string, or a tuple of labels (dimod allows any hashable;
 * these are the ones its serialisation writes: int, float, str and nested tuples).
 *
 * Tuples are arrays compared by value: `['a', 1]` and another `['a', 1]` name the same
 * variable. Labels stored in models and sample sets are frozen.
 */
export type VariableLabel = string | number | readonly VariableLabel[];

/** The most labels a {@link LabelIndex} maps (V8's Map holds 2^24 entries). */
export const MAX_LABEL_INDEX = 2 ** 24;

/** A canonical string for a label: equal labels (by value) give equal keys. */
export function labelKey(label: VariableLabel): string {
  // JSON keeps numbers, strings and arrays apart ("1" vs 1 vs [1]); -0 prints as 0, like Python's -0 == 0.
  return JSON.stringify(label);
}

/** Formats a label as dimod prints it: `'a'`, `3`, `('a', 1)`. */
export function formatLabel(label: VariableLabel): string {
  if (typeof label === 'string') return `'${label}'`;
  if (typeof label === 'number') return String(label);
  return `(${label.map(formatLabel).join(', ')}${label.length === 1 ? ',' : ''})`;
}

/**
 * Checks a label and returns it in stored form (tuples copied and frozen, deeply). `where`
 * names the argument for the error.
 */
export function toLabel(value: unknown, where: string, depth = 0): VariableLabel {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ValidationError({ what: `${where} is ${describeValue(value)}`, why: 'a numeric label must be finite', fix: 'Use a finite number, a string or a tuple as the label' });
    return value === 0 ? 0 : value;
  }
  if (Array.isArray(value)) {
    if (depth > 32) throw new ValidationError({ what: `${where} nests tuples more than 32 deep`, why: 'labels are small values', fix: 'Use flatter labels' });
    return Object.freeze(value.map((v, k) => toLabel(v, `${where}[${k}]`, depth + 1)));
  }
  throw new ValidationError({
    what: `${where} is ${describeValue(value)}`,
    why: 'a variable label is a finite number, a string, or a tuple (array) of those',
    fix: 'Relabel the variable, e.g. with its index or a string',
  });
}

/** Whether labels are exactly 0..n-1 in order (dimod's `is_range`). */
export function isRange(labels: readonly VariableLabel[]): boolean {
  for (let i = 0; i < labels.length; i++) if (labels[i] !== i) return false;
  return true;
}

/**
 * Label to index lookup, by value. Index-labelled variables (0..n-1) need no map.
 *
 * Design note: `indexOf` on an array is O(n) per lookup and compares tuples by identity; a map
 * from {@link labelKey} is O(1) and compares by value.
 */
export class LabelIndex {
  private readonly labels: readonly VariableLabel[];
  private readonly range: boolean;
  private map: Map<string, number> | undefined;

  constructor(labels: readonly VariableLabel[]) {
    this.labels = labels;
    this.range = isRange(labels);
  }

  /** The index of a label, or -1. */
  indexOf(label: VariableLabel): number {
    if (this.range) return typeof label === 'number' && Number.isInteger(label) && label >= 0 && label < this.labels.length ? label : -1;
    return this.keys().get(labelKey(label)) ?? -1;
  }

  private keys(): Map<string, number> {
    if (this.map) return this.map;
    if (this.labels.length > MAX_LABEL_INDEX) {
      throw new ResourceError({ what: `a lookup over ${this.labels.length} labelled variables`, why: `label lookups hold at most ${MAX_LABEL_INDEX} labels`, fix: 'Label the variables 0..n-1 (no lookup table is needed then)' });
    }
    const map = new Map<string, number>();
    this.labels.forEach((l, i) => map.set(labelKey(l), i));
    this.map = map;
    return map;
  }
}

/**
 * Compares two labels as Python's `<` does for the types dimod writes, or returns undefined
 * when Python would raise TypeError (a number against a string or a tuple, ...).
 */
function pythonCompare(a: VariableLabel, b: VariableLabel): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') {
    // Python compares strings by code point; JS `<` by UTF-16 unit. They differ only beyond the BMP.
    const ca = Array.from(a, (c) => c.codePointAt(0)!);
    const cb = Array.from(b, (c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i]! < cb[i]! ? -1 : 1;
    return ca.length - cb.length;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ta = a as readonly VariableLabel[];
    const tb = b as readonly VariableLabel[];
    for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
      if (labelKey(ta[i]!) === labelKey(tb[i]!)) continue;
      return pythonCompare(ta[i]!, tb[i]!);
    }
    return ta.length - tb.length;
  }
  return undefined;
}

/**
 * The order dimod's `to_serializable` writes variables in: sorted when Python can sort them
 * (all numbers, all strings, or comparable tuples), otherwise the model's own order. Returns
 * the permutation (new position -> old index).
 *
 * When some pair is incomparable this keeps the model's order, as dimod does when `sort()`
 * raises; Python's sort may get through a list with incomparable tuple elements if it never
 * compares them, and only then do the two writers differ (in order, not in content).
 */
export function pythonSortOrder(labels: readonly VariableLabel[]): number[] {
  const order = labels.map((_, i) => i);
  let comparable = true;
  order.sort((i, j) => {
    const c = pythonCompare(labels[i]!, labels[j]!);
    if (c === undefined) {
      comparable = false;
      return 0;
    }
    return c;
  });
  return comparable ? order : labels.map((_, i) => i);
}
