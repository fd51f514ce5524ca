import { ValidationError, describeValue } from '../errors.js';

/** The value domain of a model's variables: spins (-1, +1) or bits (0, 1). */
export type Vartype = 'SPIN' | 'BINARY';

/** A variable label (dimod allows any hashable; hqml allows strings and integers). */
export type VariableLabel = string | number;

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
  /** Interactions `[i, j, value]` or `{ i, j, value }`; duplicates (also `[j, i]`) are summed. */
  readonly quadratic?: Iterable<readonly [number, number, number] | Interaction>;
  readonly offset?: number;
  /** Variable count; defaults to the largest index seen + 1. */
  readonly numVariables?: number;
  /** One label per variable; defaults to 0..n-1. */
  readonly labels?: readonly VariableLabel[];
}

/** Compressed sparse rows of the symmetric coupling matrix (each interaction appears twice). */
export interface CsrAdjacency {
  /** `offsets[i] .. offsets[i+1]` index the neighbours of variable i. */
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
  readonly weights: Float64Array;
}

function checkFinite(what: string, v: number): void {
  if (!Number.isFinite(v)) {
    throw new ValidationError({ what: `${what} is ${describeValue(v)}`, why: 'biases must be finite numbers', fix: 'Remove or replace NaN and infinite values' });
  }
}

/**
 * A binary quadratic model `E(v) = offset + sum_i a_i v_i + sum_{i<j} b_ij v_i v_j`, stored as
 * flat typed arrays (interactions sorted by (i, j), duplicates summed).
 *
 * Design note: annealers run on integer-indexed arrays, so the model is stored that way once,
 * with labels kept beside it for I/O. Instances are immutable; conversions return new models.
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

  protected constructor(input: QuadraticModelInput) {
    const lin = input.linear ?? [];
    const merged = new Map<number, number>();
    let maxIndex = lin.length - 1;
    const pairs: Array<[number, number, number]> = [];
    let k = 0;
    for (const raw of input.quadratic ?? []) {
      const [i, j, value] = Array.isArray(raw) ? (raw as readonly [number, number, number]) : [(raw as Interaction).i, (raw as Interaction).j, (raw as Interaction).value];
      for (const idx of [i, j]) {
        if (!Number.isInteger(idx) || idx < 0) {
          throw new ValidationError({ what: `interaction ${k} names variable ${describeValue(idx)}`, why: 'variable indices are non-negative integers', fix: 'Use 0-based indices' });
        }
      }
      if (i === j) {
        throw new ValidationError({ what: `interaction ${k} couples variable ${i} with itself`, why: 'a self-loop is not a quadratic term (v_i^2 is constant for spins and linear for bits)', fix: 'Fold it into the offset (SPIN) or the linear bias (BINARY)' });
      }
      checkFinite(`interaction ${k} (${i}, ${j})`, value);
      pairs.push([Math.min(i, j), Math.max(i, j), value]);
      maxIndex = Math.max(maxIndex, i, j);
      k++;
    }
    const n = Math.max(input.numVariables ?? 0, maxIndex + 1, input.labels?.length ?? 0);
    if (input.numVariables !== undefined && input.numVariables < maxIndex + 1) {
      throw new ValidationError({ what: `numVariables is ${input.numVariables} but variable ${maxIndex} is used`, why: 'indices must be below the variable count', fix: `Set numVariables to at least ${maxIndex + 1}` });
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
    for (const [i, j, v] of pairs) {
      const key = i * n + j;
      merged.set(key, (merged.get(key) ?? 0) + v);
    }
    const keys = [...merged.keys()].sort((a, b) => a - b);
    this.heads = new Int32Array(keys.length);
    this.tails = new Int32Array(keys.length);
    this.values = new Float64Array(keys.length);
    keys.forEach((key, idx) => {
      this.heads[idx] = Math.floor(key / n);
      this.tails[idx] = key % n;
      this.values[idx] = merged.get(key) as number;
    });
    const offset = input.offset ?? 0;
    checkFinite('offset', offset);
    this.offset = offset;
    if (input.labels) {
      if (new Set(input.labels).size !== input.labels.length) {
        throw new ValidationError({ what: 'variable labels contain duplicates', why: 'each label must name one variable', fix: 'Make the labels unique' });
      }
      this.labels = Object.freeze([...input.labels]);
    } else {
      this.labels = Object.freeze(Array.from({ length: n }, (_, i) => i));
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

  /** Energy of one sample (values in the model's domain). */
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
    const out = new Float64Array(count);
    const { linear, heads, tails, values } = this;
    for (let s = 0; s < count; s++) {
      const base = s * n;
      let e = this.offset;
      for (let i = 0; i < n; i++) e += linear[i]! * (samples[base + i] as number);
      for (let k = 0; k < values.length; k++) e += values[k]! * (samples[base + heads[k]!] as number) * (samples[base + tails[k]!] as number);
      out[s] = e;
    }
    for (let s = 0; s < count; s++) this.checkSample(samples, s * n, `sample ${s}`);
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

  /** The index of a label. */
  indexOf(label: VariableLabel): number {
    const i = this.labels.indexOf(label);
    if (i < 0) throw new ValidationError({ what: `unknown variable ${describeValue(label)}`, why: `the model's variables are ${describeValue(this.labels)}` });
    return i;
  }

  private checkSample(sample: ArrayLike<number>, base: number, what: string): void {
    const [lo, hi] = this.domain;
    if (base === 0 && sample.length < this.numVariables) {
      throw new ValidationError({ what: `${what} has ${sample.length} values`, why: `the model has ${this.numVariables} variables`, fix: 'Pass one value per variable' });
    }
    for (let i = 0; i < this.numVariables; i++) {
      const v = sample[base + i];
      if (v !== lo && v !== hi) {
        throw new ValidationError({ what: `${what}, variable ${i} is ${describeValue(v)}`, why: `a ${this.vartype} variable takes ${lo} or ${hi}`, fix: this.vartype === 'SPIN' ? 'Map bits to spins with s = 2x - 1' : 'Map spins to bits with x = (s + 1) / 2' });
      }
    }
  }
}
