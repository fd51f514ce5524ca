import { ValidationError, describeValue } from '../errors.js';
import { checkAllocation } from '../resourceLimits.js';
import { LabelIndex, MAX_LABEL_INDEX, type VariableLabel, formatLabel, labelKey, toLabel } from './labels.js';

export type { VariableLabel } from './labels.js';

/** The value domain of a model's variables: spins (-1, +1) or bits (0, 1). */
export type Vartype = 'SPIN' | 'BINARY';

/** One interaction: `value * v_i * v_j`, with `i < j`. */
export interface Interaction {
  readonly i: number;
  readonly j: number;
  readonly value: number;
}

/** Plain input to build a model: linear biases, interactions, offset and optional labels. */
export interface QuadraticModelInput {
  /** Linear biases by variable index; the length is the variable count unless `numVariables` is larger. */
  readonly linear?: ArrayLike<number>;
  /** Sparse linear biases `[i, bias]`, added to `linear` (repeats are summed). */
  readonly linearTerms?: Iterable<readonly [number, number]>;
  /** Interactions `[i, j, value]` or `{ i, j, value }`; duplicates (also `[j, i]`) are summed. */
  readonly quadratic?: Iterable<readonly [number, number, number] | Interaction>;
  readonly offset?: number;
  /** Variable count; defaults to the largest index seen + 1. */
  readonly numVariables?: number;
  /** One label per variable; defaults to 0..n-1. Numbers, strings or tuples (arrays). */
  readonly labels?: readonly VariableLabel[];
}

/** Compressed sparse rows of the symmetric coupling matrix (each interaction appears twice). */
export interface CsrAdjacency {
  /** `offsets[i] .. offsets[i+1]` index the neighbours of variable i. */
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
  readonly weights: Float64Array;
}

/**
 * The largest `|offset| + sum |linear| + sum |quadratic|` a model may have. It bounds every
 * energy, local field and partial sum of both vartypes, so with this margin below float64's
 * 1.8e308 neither the energies, nor the 4x of a SPIN/BINARY conversion, nor the 2x of a spin
 * flip can overflow into Infinity or NaN. A SPIN model converts to BINARY when its scale is
 * below `MAX_ENERGY_SCALE / 9` (the conversion can multiply it by up to 9); beyond that the
 * conversion is refused with the same error.
 */
export const MAX_ENERGY_SCALE = 1e300;

/** Bytes a model keeps per variable (linear bias, label slot, CSR offset, workspace). */
const BYTES_PER_VARIABLE = 8 + 8 + 4 + 8;
/** Bytes per interaction while building and afterwards (heads, tails, values, CSR twice, sort index). */
const BYTES_PER_INTERACTION = 4 + 4 + 8 + 2 * (4 + 8) + 4;

function checkFinite(what: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ValidationError({ what: `${what} is ${describeValue(v)}`, why: 'biases must be finite numbers', fix: 'Remove or replace NaN and infinite values' });
  }
}

/**
 * A binary quadratic model `E(v) = offset + sum_i a_i v_i + sum_{i<j} b_ij v_i v_j`, stored as
 * flat typed arrays (interactions sorted by (i, j), duplicates summed).
 *
 * Design note: annealers run on integer-indexed arrays, so the model is stored that way once,
 * with labels kept beside it for I/O and lookups by label. Instances are immutable; conversions
 * return new models. Sizes are checked against memory before anything is allocated, and a model
 * whose biases could make an energy overflow is refused ({@link MAX_ENERGY_SCALE}).
 */
export abstract class QuadraticModel {
  abstract readonly vartype: Vartype;
  readonly numVariables: number;
  readonly linear: Float64Array;
  readonly heads: Int32Array;
  readonly tails: Int32Array;
  readonly values: Float64Array;
  readonly offset: number;
  readonly labels: readonly VariableLabel[];
  private csrCache: CsrAdjacency | undefined;
  private labelIndex: LabelIndex | undefined;

  protected constructor(input: QuadraticModelInput) {
    const lin = input.linear ?? [];
    const declared = input.numVariables;
    if (declared !== undefined && (typeof declared !== 'number' || !Number.isSafeInteger(declared) || declared < 0)) {
      throw new ValidationError({ what: `numVariables is ${describeValue(declared)}`, why: 'the variable count is a non-negative integer', fix: 'Pass the number of variables, or leave it out' });
    }
    const hs: number[] = [];
    const ts: number[] = [];
    const vs: number[] = [];
    let maxIndex = lin.length - 1;
    let k = 0;
    for (const raw of input.quadratic ?? []) {
      const [i, j, value] = Array.isArray(raw) ? (raw as readonly [number, number, number]) : [(raw as Interaction).i, (raw as Interaction).j, (raw as Interaction).value];
      for (const idx of [i, j]) {
        if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0) {
          throw new ValidationError({ what: `interaction ${k} names variable ${describeValue(idx)}`, why: 'variable indices are non-negative integers', fix: 'Use 0-based indices' });
        }
      }
      if (i === j) {
        throw new ValidationError({ what: `interaction ${k} couples variable ${i} with itself`, why: 'a self-loop is not a quadratic term (v_i^2 is constant for spins and linear for bits)', fix: 'Fold it into the offset (SPIN) or the linear bias (BINARY)' });
      }
      checkFinite(`interaction ${k} (${i}, ${j})`, value);
      hs.push(Math.min(i, j));
      ts.push(Math.max(i, j));
      vs.push(value);
      if (i > maxIndex) maxIndex = i;
      if (j > maxIndex) maxIndex = j;
      k++;
    }
    const terms: Array<readonly [number, number]> = [];
    for (const term of input.linearTerms ?? []) {
      const [i, b] = term;
      if (typeof i !== 'number' || !Number.isSafeInteger(i) || i < 0) {
        throw new ValidationError({ what: `linear term ${terms.length} names variable ${describeValue(i)}`, why: 'variable indices are non-negative integers', fix: 'Use 0-based indices' });
      }
      checkFinite(`linear term ${terms.length} (variable ${i})`, b);
      terms.push([i, b]);
      if (i > maxIndex) maxIndex = i;
    }
    const n = Math.max(declared ?? 0, maxIndex + 1, input.labels?.length ?? 0);
    checkAllocation(
      `a model of ${n.toLocaleString('en-US')} variables and ${vs.length.toLocaleString('en-US')} interactions`,
      [
        { what: 'variables', count: n, bytesPerElement: BYTES_PER_VARIABLE },
        { what: 'interactions', count: vs.length, bytesPerElement: BYTES_PER_INTERACTION },
      ],
      maxIndex + 1 === n && declared === undefined
        ? `Check the variable indices (the largest is ${maxIndex}); indices are 0-based and the model gets max index + 1 variables`
        : 'Check the declared variable count; ask for a smaller model',
    );
    if (declared !== undefined && declared < maxIndex + 1) {
      throw new ValidationError({ what: `numVariables is ${declared} but variable ${maxIndex} is used`, why: 'indices must be below the variable count', fix: `Set numVariables to at least ${maxIndex + 1}` });
    }
    if (input.labels !== undefined && input.labels.length !== n) {
      throw new ValidationError({ what: `${input.labels.length} labels for ${n} variables`, why: 'each variable needs exactly one label', fix: 'Pass one label per variable' });
    }
    this.numVariables = n;
    this.linear = new Float64Array(n);
    for (let i = 0; i < lin.length; i++) {
      const v = lin[i] as number;
      checkFinite(`linear bias of variable ${i}`, v);
      this.linear[i] = v;
    }
    for (const [i, b] of terms) this.linear[i]! += b;
    // Merge duplicates by sorting (i, j): exact for any n, unlike a key i * n + j.
    const order = Uint32Array.from(vs.keys()).sort((a, b) => hs[a]! - hs[b]! || ts[a]! - ts[b]!);
    let m = 0;
    for (let r = 0; r < order.length; r++) {
      const a = order[r]!;
      if (m > 0 && hs[order[m - 1]!] === hs[a] && ts[order[m - 1]!] === ts[a]) vs[order[m - 1]!]! += vs[a]!;
      else order[m++] = a;
    }
    this.heads = new Int32Array(m);
    this.tails = new Int32Array(m);
    this.values = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      const a = order[r]!;
      this.heads[r] = hs[a]!;
      this.tails[r] = ts[a]!;
      this.values[r] = vs[a]!;
    }
    const offset = input.offset ?? 0;
    checkFinite('offset', offset);
    this.offset = offset;
    if (input.labels) {
      if (n > MAX_LABEL_INDEX) {
        throw new ValidationError({ what: `${n} labelled variables`, why: `custom labels are supported up to ${MAX_LABEL_INDEX} variables`, fix: 'Label the variables 0..n-1 (leave labels out)' });
      }
      const labels = input.labels.map((l, i) => toLabel(l, `label of variable ${i}`));
      const seen = new Map<string, number>();
      labels.forEach((l, i) => {
        const key = labelKey(l);
        const before = seen.get(key);
        if (before !== undefined) throw new ValidationError({ what: `variables ${before} and ${i} are both labelled ${formatLabel(l)}`, why: 'each label must name one variable', fix: 'Make the labels unique' });
        seen.set(key, i);
      });
      this.labels = Object.freeze(labels);
    } else {
      this.labels = Object.freeze(Array.from({ length: n }, (_, i) => i));
    }
    this.checkEnergyScale();
  }

  private checkEnergyScale(): void {
    let scale = Math.abs(this.offset);
    for (const v of this.linear) scale += Math.abs(v);
    for (const v of this.values) scale += Math.abs(v);
    if (!(scale <= MAX_ENERGY_SCALE)) {
      throw new ValidationError({
        what: `the model's biases sum to ${scale} in magnitude (|offset| + sum |linear| + sum |quadratic|)`,
        why: `energies are float64 and would overflow to Infinity or NaN; hqml refuses models above ${MAX_ENERGY_SCALE}`,
        fix: 'Divide every bias and the offset by a common factor: the ground states do not change',
      });
    }
  }

  /** Number of (merged) interactions. */
  get numInteractions(): number {
    return this.values.length;
  }

  /** The allowed values of a variable. */
  get domain(): readonly [number, number] {
    return this.vartype === 'SPIN' ? [-1, 1] : [0, 1];
  }

  /** Energy of one sample (values in the model's domain, in variable order). */
  energy(sample: ArrayLike<number>): number {
    this.checkSample(sample, 0, 'sample');
    let e = this.offset;
    for (let i = 0; i < this.numVariables; i++) e += this.linear[i]! * (sample[i] as number);
    for (let k = 0; k < this.values.length; k++) e += this.values[k]! * (sample[this.heads[k]!] as number) * (sample[this.tails[k]!] as number);
    return e;
  }

  /**
   * Energies of `count` samples stored row-major in `samples` (count x numVariables).
   */
  energies(samples: ArrayLike<number>, count = samples.length / Math.max(1, this.numVariables)): Float64Array {
    const n = this.numVariables;
    if (!Number.isInteger(count) || samples.length !== count * n) {
      throw new ValidationError({ what: `energies() got ${samples.length} values for ${count} samples of ${n} variables`, why: 'samples are stored row-major, count x numVariables', fix: 'Pass count * numVariables values' });
    }
    for (let s = 0; s < count; s++) this.checkSample(samples, s * n, `sample ${s}`);
    const out = new Float64Array(count);
    const { linear, heads, tails, values } = this;
    for (let s = 0; s < count; s++) {
      const base = s * n;
      let e = this.offset;
      for (let i = 0; i < n; i++) e += linear[i]! * (samples[base + i] as number);
      for (let k = 0; k < values.length; k++) e += values[k]! * (samples[base + heads[k]!] as number) * (samples[base + tails[k]!] as number);
      out[s] = e;
    }
    return out;
  }

  /** Symmetric CSR adjacency (computed once). */
  adjacency(): CsrAdjacency {
    if (this.csrCache) return this.csrCache;
    const n = this.numVariables;
    const degree = new Int32Array(n + 1);
    for (let k = 0; k < this.values.length; k++) {
      degree[this.heads[k]! + 1]!++;
      degree[this.tails[k]! + 1]!++;
    }
    for (let i = 0; i < n; i++) degree[i + 1]! += degree[i]!;
    const offsets = degree.slice();
    const fill = degree.slice(0, n);
    const neighbors = new Int32Array(2 * this.values.length);
    const weights = new Float64Array(2 * this.values.length);
    for (let k = 0; k < this.values.length; k++) {
      const i = this.heads[k]!;
      const j = this.tails[k]!;
      const v = this.values[k]!;
      neighbors[fill[i]!] = j;
      weights[fill[i]!++] = v;
      neighbors[fill[j]!] = i;
      weights[fill[j]!++] = v;
    }
    this.csrCache = Object.freeze({ offsets, neighbors, weights });
    return this.csrCache;
  }

  /** Interactions as objects. */
  interactions(): Interaction[] {
    return Array.from(this.values, (value, k) => ({ i: this.heads[k]!, j: this.tails[k]!, value }));
  }

  /** Whether a variable with this label exists (tuples compare by value). */
  hasVariable(label: VariableLabel): boolean {
    this.labelIndex ??= new LabelIndex(this.labels);
    return this.labelIndex.indexOf(label) >= 0;
  }

  /** The index of a label (tuples compare by value). */
  indexOf(label: VariableLabel): number {
    this.labelIndex ??= new LabelIndex(this.labels);
    const i = this.labelIndex.indexOf(label);
    if (i < 0) {
      const some = this.labels.slice(0, 8).map(formatLabel).join(', ');
      throw new ValidationError({ what: `unknown variable ${formatLabel(label)}`, why: `the model's ${this.numVariables} variables are ${some}${this.numVariables > 8 ? ', ...' : ''}`, fix: 'Use one of the model\'s labels' });
    }
    return i;
  }

  /** The linear bias of a variable, by label (dimod's `get_linear`). */
  linearBias(label: VariableLabel): number {
    return this.linear[this.indexOf(label)]!;
  }

  /** The bias between two variables, by label; 0 when they do not interact (dimod's `get_quadratic(u, v, default=0)`). */
  quadraticBias(u: VariableLabel, v: VariableLabel): number {
    const a = this.indexOf(u);
    const b = this.indexOf(v);
    const i = Math.min(a, b);
    const j = Math.max(a, b);
    let lo = 0;
    let hi = this.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const h = this.heads[mid]!;
      if (h < i || (h === i && this.tails[mid]! < j)) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.values.length && this.heads[lo] === i && this.tails[lo] === j ? this.values[lo]! : 0;
  }

  /** `[label, bias]` for every variable, in variable order (dimod's `linear.items()`). */
  linearEntries(): Array<[VariableLabel, number]> {
    return Array.from(this.linear, (b, i) => [this.labels[i]!, b]);
  }

  /** `[u, v, bias]` for every interaction, by label (dimod's `quadratic.items()` flattened). */
  quadraticEntries(): Array<[VariableLabel, VariableLabel, number]> {
    return Array.from(this.values, (b, k) => [this.labels[this.heads[k]!]!, this.labels[this.tails[k]!]!, b]);
  }

  /** A sample given as label -> value, as a row in variable order (every variable must be assigned). */
  sampleFrom(assignment: ReadonlyMap<VariableLabel, number> | Iterable<readonly [VariableLabel, number]>): Int8Array {
    const row = new Int8Array(this.numVariables);
    const set = new Uint8Array(this.numVariables);
    for (const [label, value] of assignment) {
      const i = this.indexOf(label);
      this.checkSample([value], 0, `the value of ${formatLabel(label)}`, true);
      row[i] = value;
      set[i] = 1;
    }
    const missing = set.indexOf(0);
    if (missing >= 0) throw new ValidationError({ what: `the sample does not assign ${formatLabel(this.labels[missing]!)}`, why: 'energies need every variable', fix: 'Give a value for every variable of the model' });
    this.checkSample(row, 0, 'sample');
    return row;
  }

  private checkSample(sample: ArrayLike<number>, base: number, what: string, single = false): void {
    const [lo, hi] = this.domain;
    const count = single ? 1 : this.numVariables;
    if (!single && base === 0 && sample.length < this.numVariables) {
      throw new ValidationError({ what: `${what} has ${sample.length} values`, why: `the model has ${this.numVariables} variables`, fix: 'Pass one value per variable' });
    }
    for (let i = 0; i < count; i++) {
      const v = sample[base + i];
      if (v !== lo && v !== hi) {
        throw new ValidationError({ what: `${what}${single ? '' : `, variable ${formatLabel(this.labels[i]!)}`} is ${describeValue(v)}`, why: `a ${this.vartype} variable takes ${lo} or ${hi}`, fix: this.vartype === 'SPIN' ? 'Map bits to spins with s = 2x - 1' : 'Map spins to bits with x = (s + 1) / 2' });
      }
    }
  }
}
