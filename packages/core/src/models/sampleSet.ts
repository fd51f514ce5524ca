import { UnsupportedError, ValidationError, describeValue } from '../errors.js';
import { checkAllocation } from '../resourceLimits.js';
import { type ParsedArray, fromDimodArray, toDimodArray } from './dimodArray.js';
import { LabelIndex, type VariableLabel, formatLabel, labelKey, toLabel } from './labels.js';
import type { QuadraticModel, Vartype } from './quadraticModel.js';
import { packSamples, unpackSamples } from './samplePacking.js';

/** Timing of a sampling call, in seconds (all optional; samplers fill what they measure). */
export interface SampleTiming {
  readonly wallSeconds?: number;
  readonly [key: string]: number | undefined;
}

/** Extra information a sampler attaches: parameters used, timing, solver properties. */
export interface SampleSetInfo {
  readonly timing?: SampleTiming;
  readonly [key: string]: unknown;
}

/**
 * A per-row data vector beyond energy and occurrences (dimod's `data_vectors`, e.g. D-Wave's
 * `chain_break_fraction`): `shape[0]` is the row count; values row-major as float64.
 */
export interface SampleVector {
  readonly data: Float64Array;
  readonly shape: readonly number[];
  /** NumPy's dtype name, kept for the round trip (`float64`, `int64`, `bool`, ...). */
  readonly dataType: string;
}

/** Input to {@link SampleSet.fromSamples}. */
export interface SampleSetInput {
  readonly variables: readonly VariableLabel[];
  readonly vartype: Vartype;
  /** Row-major samples, count x variables.length (Int8Array or any array of -1/+1 or 0/1). */
  readonly samples: ArrayLike<number>;
  readonly energies: ArrayLike<number>;
  /** How often each row occurred (default 1 each). */
  readonly numOccurrences?: ArrayLike<number>;
  /** Extra per-row vectors: one value per row, or a {@link SampleVector}. */
  readonly vectors?: Readonly<Record<string, ArrayLike<number> | SampleVector>>;
  readonly info?: SampleSetInfo;
}

/** The JSON form of a sample set (hqml's own; see `toJSON`). */
export interface SampleSetJSON {
  readonly type: 'SampleSet';
  readonly version: 1;
  readonly variables: readonly VariableLabel[];
  readonly vartype: Vartype;
  readonly samples: number[][];
  readonly energies: number[];
  readonly numOccurrences: number[];
  readonly info: SampleSetInfo;
}

/** dimod's `SampleSet.to_serializable()` document (schema 3.2.0, `use_bytes=False`). */
export interface DimodSampleSetJSON {
  readonly type: 'SampleSet';
  readonly version: { readonly sampleset_schema: string };
  readonly num_variables: number;
  readonly num_rows: number;
  readonly sample_data: ReturnType<typeof toDimodArray>;
  readonly sample_type: string;
  readonly sample_packed: boolean;
  readonly vectors: Readonly<Record<string, ReturnType<typeof toDimodArray>>>;
  readonly variable_labels: VariableLabel[];
  readonly variable_type: Vartype;
  readonly info: SampleSetInfo;
}

/** One row of a sample set (dimod's `Sample` named tuple, with lookups by label). */
export interface SampleRecord {
  /** Values in the set's variable order (a copy). */
  readonly sample: Int8Array;
  readonly energy: number;
  readonly numOccurrences: number;
  /** The set's variable labels, in the order of `sample`. */
  readonly variables: readonly VariableLabel[];
  /** The value of one variable, by label (tuples compare by value): dimod's `sample['a']`. */
  value(label: VariableLabel): number;
  /** label -> value in variable order: dimod's sample dict. */
  toMap(): Map<VariableLabel, number>;
}

/** The rows column by column (dimod's `record`): copies. */
export interface SampleSetRecord {
  /** One Int8Array per row. */
  readonly sample: Int8Array[];
  readonly energy: Float64Array;
  readonly numOccurrences: Int32Array;
  readonly vectors: Readonly<Record<string, SampleVector>>;
}

const MAX_OCCURRENCES = 2 ** 31 - 1;
const SERIAL_FIX = "Pass what dimod's SampleSet.to_serializable() (or hqml's SampleSet#toSerializable) wrote";

class Row implements SampleRecord {
  readonly sample: Int8Array;
  readonly energy: number;
  readonly numOccurrences: number;
  readonly variables: readonly VariableLabel[];
  private readonly index: () => LabelIndex;

  constructor(sample: Int8Array, energy: number, numOccurrences: number, variables: readonly VariableLabel[], index: () => LabelIndex) {
    this.sample = sample;
    this.energy = energy;
    this.numOccurrences = numOccurrences;
    this.variables = variables;
    this.index = index;
    Object.freeze(this);
  }

  value(label: VariableLabel): number {
    const i = this.index().indexOf(label);
    if (i < 0) throw new ValidationError({ what: `unknown variable ${formatLabel(label)}`, why: `the sample set's variables are ${this.variables.slice(0, 8).map(formatLabel).join(', ')}${this.variables.length > 8 ? ', ...' : ''}` });
    return this.sample[i]!;
  }

  toMap(): Map<VariableLabel, number> {
    return new Map(this.variables.map((v, i) => [v, this.sample[i]!]));
  }
}

function checkVariables(variables: readonly unknown[]): VariableLabel[] {
  const labels = variables.map((v, i) => toLabel(v, `variable label ${i}`));
  const seen = new Set<string>();
  for (const l of labels) {
    const key = labelKey(l);
    if (seen.has(key)) throw new ValidationError({ what: `variable ${formatLabel(l)} appears twice`, why: 'each column of a sample set is one variable', fix: 'Make the labels unique' });
    seen.add(key);
  }
  return labels;
}

function rowSize(shape: readonly number[]): number {
  return shape.slice(1).reduce((a, b) => a * b, 1);
}

/**
 * The immutable result of every annealer: samples, energies and occurrence counts, sorted by
 * energy (stable), plus extra per-row vectors and `info` (timing, parameters used). Mirrors
 * dimod's SampleSet, and reads and writes its serialisation (`toSerializable`,
 * `fromSerializable`).
 *
 * Design note: rows are kept in one Int8Array (count x n), so large read counts cost one byte
 * per spin; accessors hand out copies so the set cannot be changed after construction. Rows
 * are always sorted by energy, so `first`, `lowest` and `truncate` need no sort (dimod sorts on
 * demand; the order users see is the same).
 */
export class SampleSet {
  readonly variables: readonly VariableLabel[];
  readonly vartype: Vartype;
  readonly info: SampleSetInfo;
  private readonly sampleData: Int8Array;
  private readonly energyData: Float64Array;
  private readonly occurrenceData: Int32Array;
  private readonly vectorData: Readonly<Record<string, SampleVector>>;
  private readonly lookup: { index?: LabelIndex };

  private constructor(variables: readonly VariableLabel[], vartype: Vartype, data: Int8Array, energies: Float64Array, occ: Int32Array, vectors: Readonly<Record<string, SampleVector>>, info: SampleSetInfo) {
    this.variables = Object.isFrozen(variables) ? variables : Object.freeze([...variables]);
    this.vartype = vartype;
    this.sampleData = data;
    this.energyData = energies;
    this.occurrenceData = occ;
    this.vectorData = Object.freeze({ ...vectors });
    this.info = Object.freeze({ ...info });
    this.lookup = {};
    Object.freeze(this);
  }

  /** Builds a sample set, validating shapes and values; rows are sorted by energy (stable). */
  static fromSamples(input: SampleSetInput): SampleSet {
    if (input.vartype !== 'SPIN' && input.vartype !== 'BINARY') throw new ValidationError({ what: `vartype ${describeValue(input.vartype)}`, why: 'allowed: SPIN, BINARY' });
    const variables = checkVariables(input.variables);
    const n = variables.length;
    const count = input.energies.length;
    checkAllocation(`a sample set of ${count.toLocaleString('en-US')} rows x ${n.toLocaleString('en-US')} variables`, [
      { what: 'sample values', count: count * n, bytesPerElement: 1 },
      { what: 'rows', count, bytesPerElement: 8 + 4 + 8 },
    ], 'Ask for fewer reads, or aggregate before storing');
    if (input.samples.length !== count * n) {
      throw new ValidationError({ what: `SampleSet got ${input.samples.length} sample values for ${count} energies and ${n} variables`, why: 'samples are row-major, one row per energy', fix: 'Pass count x variables values' });
    }
    const occ = input.numOccurrences;
    if (occ !== undefined && occ.length !== count) {
      throw new ValidationError({ what: `SampleSet got ${occ.length} occurrence counts for ${count} samples`, why: 'there is one count per row', fix: 'Pass one count per row, or none' });
    }
    const [lo, hi] = input.vartype === 'SPIN' ? [-1, 1] : [0, 1];
    for (let k = 0; k < input.samples.length; k++) {
      const v = input.samples[k];
      if (v !== lo && v !== hi) {
        throw new ValidationError({ what: `sample ${Math.floor(k / n)}, variable ${formatLabel(variables[k % n]!)} is ${describeValue(v)}`, why: `${input.vartype} values are ${lo} and ${hi}`, fix: input.vartype === 'SPIN' ? 'Map bits to spins with s = 2x - 1' : 'Map spins to bits with x = (s + 1) / 2' });
      }
    }
    for (let s = 0; s < count; s++) {
      const e = input.energies[s] as number;
      if (typeof e !== 'number' || !Number.isFinite(e)) throw new ValidationError({ what: `energy ${s} is ${describeValue(e)}`, why: 'energies must be finite numbers', fix: 'Recompute the energies; a model near float64 overflow must be rescaled' });
      const o = occ === undefined ? 1 : (occ[s] as number);
      if (typeof o !== 'number' || !Number.isInteger(o) || o < 1 || o > MAX_OCCURRENCES) throw new ValidationError({ what: `numOccurrences[${s}] is ${describeValue(o)}`, why: `occurrence counts are integers from 1 to ${MAX_OCCURRENCES}`, fix: 'Pass positive integer counts' });
    }
    const vectors: Record<string, SampleVector> = {};
    for (const [name, raw] of Object.entries(input.vectors ?? {})) {
      if (name === 'energy' || name === 'num_occurrences' || name === 'sample') throw new ValidationError({ what: `vector name ${describeValue(name)}`, why: 'energy, num_occurrences and sample are the set\'s own columns', fix: 'Pass them as energies / numOccurrences, or rename the vector' });
      const vec: SampleVector = 'data' in raw && 'shape' in raw ? (raw as SampleVector) : { data: Float64Array.from(raw as ArrayLike<number>), shape: [(raw as ArrayLike<number>).length], dataType: 'float64' };
      if (vec.shape[0] !== count || vec.data.length !== count * rowSize(vec.shape)) {
        throw new ValidationError({ what: `vector ${describeValue(name)} has shape ${JSON.stringify(vec.shape)} and ${vec.data.length} values`, why: `a sample set of ${count} rows needs one entry per row`, fix: 'Pass one value (or block) per row' });
      }
      vectors[name] = vec;
    }
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => (input.energies[a] as number) - (input.energies[b] as number) || a - b);
    const data = new Int8Array(count * n);
    const energies = new Float64Array(count);
    const occurrences = new Int32Array(count);
    order.forEach((src, dst) => {
      for (let i = 0; i < n; i++) data[dst * n + i] = input.samples[src * n + i] as number;
      energies[dst] = input.energies[src] as number;
      occurrences[dst] = occ === undefined ? 1 : (occ[src] as number);
    });
    return new SampleSet(Object.freeze(variables), input.vartype, data, energies, occurrences, permuteVectors(vectors, order), input.info ?? {});
  }

  /** Builds a sample set whose energies are computed by `model`; variables are the model's labels. */
  static fromModel(model: QuadraticModel, samples: ArrayLike<number>, options: { numOccurrences?: ArrayLike<number>; vectors?: SampleSetInput['vectors']; info?: SampleSetInfo } = {}): SampleSet {
    const count = model.numVariables === 0 ? 0 : samples.length / model.numVariables;
    return SampleSet.fromSamples({
      variables: model.labels,
      vartype: model.vartype,
      samples,
      energies: model.energies(samples, count),
      ...(options.numOccurrences !== undefined && { numOccurrences: options.numOccurrences }),
      ...(options.vectors !== undefined && { vectors: options.vectors }),
      ...(options.info !== undefined && { info: options.info }),
    });
  }

  /** An empty set (no rows) over a model's variables: what a sampler returns for an empty model. */
  static empty(variables: readonly VariableLabel[], vartype: Vartype, info: SampleSetInfo = {}): SampleSet {
    return SampleSet.fromSamples({ variables, vartype, samples: [], energies: [], info });
  }

  /**
   * Joins sample sets over the same variables and vartype (dimod's `concatenate`); rows are
   * re-sorted by energy, `info` is the first set's. Variables may come in another order.
   */
  static concatenate(sets: readonly SampleSet[]): SampleSet {
    const first = sets[0];
    if (!first) throw new ValidationError({ what: 'concatenate got no sample sets', why: 'there is nothing to join', fix: 'Pass at least one sample set' });
    const n = first.numVariables;
    const index = new LabelIndex(first.variables);
    const total = sets.reduce((a, s) => a + s.size, 0);
    const samples = new Int8Array(total * n);
    const energies = new Float64Array(total);
    const occ = new Int32Array(total);
    const names = Object.keys(first.vectorData);
    let at = 0;
    const vecParts: Record<string, Float64Array[]> = Object.fromEntries(names.map((k) => [k, []]));
    for (const [s, set] of sets.entries()) {
      if (set.vartype !== first.vartype || set.numVariables !== n) {
        throw new ValidationError({ what: `sample set ${s} is ${set.vartype} over ${set.numVariables} variables`, why: `the first is ${first.vartype} over ${n}`, fix: 'Convert with changeVartype, or join sets of one model only' });
      }
      const perm = set.variables.map((v) => index.indexOf(v));
      const missing = perm.indexOf(-1);
      if (missing >= 0) throw new ValidationError({ what: `sample set ${s} has variable ${formatLabel(set.variables[missing]!)}`, why: 'the first set does not', fix: 'Join sets over the same variables' });
      for (let r = 0; r < set.size; r++) {
        for (let i = 0; i < n; i++) samples[(at + r) * n + perm[i]!] = set.sampleData[r * n + i]!;
      }
      energies.set(set.energyData, at);
      occ.set(set.occurrenceData, at);
      for (const k of names) {
        const v = set.vectorData[k];
        if (!v) throw new ValidationError({ what: `sample set ${s} lacks vector ${describeValue(k)}`, why: 'the first set has it', fix: 'Join sets with the same vectors' });
        vecParts[k]!.push(v.data);
      }
      at += set.size;
    }
    const vectors: Record<string, SampleVector> = {};
    for (const k of names) {
      const parts = vecParts[k]!;
      const data = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
      let o = 0;
      for (const p of parts) {
        data.set(p, o);
        o += p.length;
      }
      vectors[k] = { data, shape: [total, ...first.vectorData[k]!.shape.slice(1)], dataType: first.vectorData[k]!.dataType };
    }
    return SampleSet.fromSamples({ variables: first.variables, vartype: first.vartype, samples, energies, numOccurrences: occ, vectors, info: first.info });
  }

  /** Number of rows (distinct unless not aggregated). */
  get size(): number {
    return this.energyData.length;
  }

  /** Number of variables. */
  get numVariables(): number {
    return this.variables.length;
  }

  /** Total number of reads (sum of occurrences). */
  get numReads(): number {
    let t = 0;
    for (const o of this.occurrenceData) t += o;
    return t;
  }

  /** Energies, lowest first (a copy). */
  get energies(): Float64Array {
    return this.energyData.slice();
  }

  /** Occurrence counts (a copy). */
  get numOccurrences(): Int32Array {
    return this.occurrenceData.slice();
  }

  /** All samples row-major, count x numVariables (a copy). */
  get samples(): Int8Array {
    return this.sampleData.slice();
  }

  /** The extra per-row vectors (copies). */
  get vectors(): Readonly<Record<string, SampleVector>> {
    return Object.fromEntries(Object.entries(this.vectorData).map(([k, v]) => [k, { ...v, data: v.data.slice() }]));
  }

  /** The rows column by column (dimod's `record`). */
  get record(): SampleSetRecord {
    const n = this.numVariables;
    return {
      sample: Array.from({ length: this.size }, (_, k) => this.sampleData.slice(k * n, (k + 1) * n)),
      energy: this.energies,
      numOccurrences: this.numOccurrences,
      vectors: this.vectors,
    };
  }

  /** Row `k` (a copy). */
  sample(k: number): Int8Array {
    if (!Number.isInteger(k) || k < 0 || k >= this.size) {
      throw new ValidationError({ what: `sample(${describeValue(k)})`, why: `the set has ${this.size} rows`, fix: `Pass 0..${this.size - 1}` });
    }
    const n = this.numVariables;
    return this.sampleData.slice(k * n, (k + 1) * n);
  }

  /** The lowest-energy row (dimod's `first`). */
  get first(): SampleRecord {
    if (this.size === 0) throw new ValidationError({ what: 'first of an empty SampleSet', why: 'there are no samples', fix: 'Check size before asking for the first row (an empty model gives an empty set)' });
    return this.row(0);
  }

  /** Rows one by one, lowest energy first. */
  *records(): IterableIterator<SampleRecord> {
    for (let k = 0; k < this.size; k++) yield this.row(k);
  }

  /** Rows one by one, lowest energy first (dimod's `data()`). */
  data(): IterableIterator<SampleRecord> {
    return this.records();
  }

  /**
   * Rows whose energy is close to the lowest, as dimod's `lowest(rtol, atol)`:
   * `|E - E_min| <= atol + rtol * |E_min|`.
   */
  lowest(options: { rtol?: number; atol?: number } = {}): SampleSet {
    const rtol = options.rtol ?? 1e-5;
    const atol = options.atol ?? 1e-8;
    for (const [name, v] of [['rtol', rtol], ['atol', atol]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ValidationError({ what: `lowest: ${name} is ${describeValue(v)}`, why: 'tolerances are finite numbers >= 0', fix: `Pass e.g. { ${name}: 1e-8 }` });
    }
    if (this.size === 0) return this;
    const min = this.energyData[0]!;
    const tol = atol + rtol * Math.abs(min);
    let k = 0;
    while (k < this.size && this.energyData[k]! - min <= tol) k++;
    return this.slice(0, k);
  }

  /** The first `k` rows (lowest energies): dimod's `truncate(n)`. */
  truncate(k: number): SampleSet {
    if (!Number.isInteger(k) || k < 0) throw new ValidationError({ what: `truncate(${describeValue(k)})`, why: 'k is a non-negative integer', fix: 'Pass the number of rows to keep' });
    return this.slice(0, Math.min(k, this.size));
  }

  /** Rows `start` to `stop` (exclusive) in energy order, as dimod's `slice(start, stop)`; negative indices count from the end. */
  slice(start = 0, stop = this.size): SampleSet {
    const norm = (x: number, name: string): number => {
      if (!Number.isInteger(x)) throw new ValidationError({ what: `slice: ${name} is ${describeValue(x)}`, why: 'indices are integers', fix: 'Pass integer row indices' });
      return Math.min(this.size, Math.max(0, x < 0 ? this.size + x : x));
    };
    const from = norm(start, 'start');
    const to = Math.max(from, norm(stop, 'stop'));
    const n = this.numVariables;
    const vectors = Object.fromEntries(Object.entries(this.vectorData).map(([k, v]) => {
      const rs = rowSize(v.shape);
      return [k, { data: v.data.slice(from * rs, to * rs), shape: [to - from, ...v.shape.slice(1)], dataType: v.dataType }];
    }));
    return new SampleSet(this.variables, this.vartype, this.sampleData.slice(from * n, to * n), this.energyData.slice(from, to), this.occurrenceData.slice(from, to), vectors, this.info);
  }

  /**
   * Identical samples merged into one row with summed occurrences (dimod's `aggregate`); other
   * vectors keep the first occurrence's values.
   */
  aggregate(): SampleSet {
    const n = this.numVariables;
    const index = new Map<string, number>();
    const rows: number[] = [];
    const occ: number[] = [];
    for (let k = 0; k < this.size; k++) {
      const key = this.sampleData.subarray(k * n, (k + 1) * n).join(',');
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, rows.length);
        rows.push(k);
        occ.push(this.occurrenceData[k]!);
      } else {
        occ[at]! += this.occurrenceData[k]!;
        if (occ[at]! > MAX_OCCURRENCES) throw new ValidationError({ what: `aggregate: a sample occurs ${occ[at]} times`, why: `occurrence counts are limited to ${MAX_OCCURRENCES}`, fix: 'Aggregate fewer reads at a time' });
      }
    }
    const data = new Int8Array(rows.length * n);
    const energies = new Float64Array(rows.length);
    rows.forEach((k, dst) => {
      data.set(this.sampleData.subarray(k * n, (k + 1) * n), dst * n);
      energies[dst] = this.energyData[k]!;
    });
    return new SampleSet(this.variables, this.vartype, data, energies, Int32Array.from(occ), permuteVectors(this.vectorData, rows), this.info);
  }

  /** The same rows with spins converted to bits or back (energies unchanged: pass a model to recompute). */
  changeVartype(vartype: Vartype, model?: QuadraticModel): SampleSet {
    if (vartype !== 'SPIN' && vartype !== 'BINARY') throw new ValidationError({ what: `changeVartype(${describeValue(vartype)})`, why: 'allowed: SPIN, BINARY' });
    if (vartype === this.vartype && !model) return this;
    if (model && (model.vartype !== vartype || model.numVariables !== this.numVariables)) {
      throw new ValidationError({ what: `changeVartype got a ${model.vartype} model of ${model.numVariables} variables`, why: `the set becomes ${vartype} over ${this.numVariables} variables`, fix: 'Pass the model in the target form' });
    }
    const data = new Int8Array(this.sampleData.length);
    for (let k = 0; k < data.length; k++) {
      const v = this.sampleData[k]!;
      data[k] = vartype === this.vartype ? v : vartype === 'BINARY' ? (v + 1) / 2 : 2 * v - 1;
    }
    const energies = model ? model.energies(data, this.size) : this.energyData.slice();
    return SampleSet.fromSamples({ variables: this.variables, vartype, samples: data, energies, numOccurrences: this.occurrenceData, vectors: this.vectorData, info: this.info });
  }

  /** A copy with extra `info` entries merged in. */
  withInfo(info: SampleSetInfo): SampleSet {
    return new SampleSet(this.variables, this.vartype, this.sampleData, this.energyData, this.occurrenceData, this.vectorData, { ...this.info, ...info });
  }

  /** A copy with other variable labels, same order (dimod's `relabel_variables` with a list). */
  withVariables(variables: readonly VariableLabel[]): SampleSet {
    if (variables.length !== this.numVariables) throw new ValidationError({ what: `withVariables got ${variables.length} labels`, why: `the set has ${this.numVariables} variables`, fix: 'Pass one label per variable' });
    return new SampleSet(Object.freeze(checkVariables(variables)), this.vartype, this.sampleData, this.energyData, this.occurrenceData, this.vectorData, this.info);
  }

  /** hqml's JSON form (lossless round-trip through {@link SampleSet.fromJSON}); rows as lists. */
  toJSON(): SampleSetJSON {
    const n = this.numVariables;
    return {
      type: 'SampleSet',
      version: 1,
      variables: [...this.variables],
      vartype: this.vartype,
      samples: Array.from({ length: this.size }, (_, k) => Array.from(this.sampleData.subarray(k * n, (k + 1) * n))),
      energies: Array.from(this.energyData),
      numOccurrences: Array.from(this.occurrenceData),
      info: this.info,
    };
  }

  /** Parses {@link SampleSet.toJSON}'s output, or dimod's serialisation (see {@link fromSerializable}). */
  static fromJSON(json: unknown): SampleSet {
    const j = json as Partial<SampleSetJSON> | null;
    if (typeof j === 'object' && j !== null && j.type === 'SampleSet' && typeof j.version === 'object') return SampleSet.fromSerializable(json);
    if (typeof j !== 'object' || j === null || j.type !== 'SampleSet' || !Array.isArray(j.samples) || !Array.isArray(j.energies) || !Array.isArray(j.variables)) {
      throw new ValidationError({ what: `SampleSet.fromJSON got ${describeValue(json)}`, why: 'expected an object with type "SampleSet", variables, samples and energies', fix: 'Pass what SampleSet#toJSON produced' });
    }
    if (j.vartype !== 'SPIN' && j.vartype !== 'BINARY') throw new ValidationError({ what: `vartype ${describeValue(j.vartype)}`, why: 'allowed: SPIN, BINARY' });
    const n = j.variables.length;
    j.samples.forEach((row, k) => {
      if (!Array.isArray(row) || row.length !== n) throw new ValidationError({ what: `SampleSet.fromJSON: samples[${k}] is ${describeValue(row)}`, why: `each row holds ${n} values`, fix: 'Pass what SampleSet#toJSON produced' });
    });
    return SampleSet.fromSamples({
      variables: j.variables,
      vartype: j.vartype,
      samples: j.samples.flat(),
      energies: j.energies,
      ...(j.numOccurrences !== undefined && { numOccurrences: j.numOccurrences }),
      info: typeof j.info === 'object' && j.info !== null ? j.info : {},
    });
  }

  /**
   * dimod's `SampleSet.to_serializable(use_bytes=False, pack_samples=...)`: the document
   * `dimod.SampleSet.from_serializable` reads. Samples are packed 32 per uint32 by default, as
   * dimod does; `packSamples: false` writes readable int8 rows. `info` must be JSON.
   */
  toSerializable(options: { packSamples?: boolean } = {}): DimodSampleSetJSON {
    const pack = options.packSamples ?? true;
    const n = this.numVariables;
    const rows = this.size;
    let sampleData: ReturnType<typeof toDimodArray>;
    if (pack) {
      const { words, shape } = packSamples(this.sampleData, rows, n);
      sampleData = toDimodArray(words, shape, 'uint32');
    } else sampleData = toDimodArray(this.sampleData, [rows, n], 'int8');
    const vectors: Record<string, ReturnType<typeof toDimodArray>> = {
      energy: toDimodArray(this.energyData, [rows], 'float64'),
      num_occurrences: toDimodArray(this.occurrenceData, [rows], 'int64'),
    };
    for (const [k, v] of Object.entries(this.vectorData)) {
      const arr = toDimodArray(v.data, v.shape, v.dataType);
      vectors[k] = v.dataType === 'bool' ? { ...arr, data: nestBool(arr.data) } : arr;
    }
    return {
      type: 'SampleSet',
      version: { sampleset_schema: '3.2.0' },
      num_variables: n,
      num_rows: rows,
      sample_data: sampleData,
      sample_type: 'int8',
      sample_packed: pack,
      vectors,
      variable_labels: [...this.variables],
      variable_type: this.vartype,
      info: this.info,
    };
  }

  /**
   * Reads dimod's `SampleSet.to_serializable()` document (schema 3.x, `use_bytes=False`, packed
   * or not), checking every field and the sizes before allocating. Tuple labels come back as
   * frozen arrays. Rows are sorted by energy.
   */
  static fromSerializable(json: unknown): SampleSet {
    const o = json as Partial<DimodSampleSetJSON> | null;
    const bad = (what: string, why: string): never => {
      throw new ValidationError({ what: `dimod SampleSet: ${what}`, why, fix: SERIAL_FIX });
    };
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return bad(`got ${describeValue(json)}`, 'expected an object');
    if (o.type !== 'SampleSet') bad(`type is ${describeValue(o.type)}`, 'expected "SampleSet"');
    const schema = (o.version as { sampleset_schema?: unknown } | undefined)?.sampleset_schema;
    if (typeof schema !== 'string' || !/^3\.\d+\.\d+$/.test(schema)) bad(`version.sampleset_schema is ${describeValue(schema)}`, 'hqml reads schema 3.x (dimod 0.9.7 and later)');
    const vartype = o.variable_type;
    if (vartype === ('DISCRETE' as unknown) || vartype === ('INTEGER' as unknown)) {
      throw new UnsupportedError({ what: `dimod SampleSet: variable_type is ${vartype}`, why: 'hqml sample sets hold SPIN or BINARY samples', fix: 'Convert to a binary model first' });
    }
    if (vartype !== 'SPIN' && vartype !== 'BINARY') bad(`variable_type is ${describeValue(vartype)}`, 'expected "SPIN" or "BINARY"');
    const n = o.num_variables;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) bad(`num_variables is ${describeValue(n)}`, 'a non-negative integer');
    if (!Array.isArray(o.variable_labels) || o.variable_labels.length !== n) bad(`variable_labels has ${Array.isArray(o.variable_labels) ? o.variable_labels.length : describeValue(o.variable_labels)} entries`, `num_variables says ${n}`);
    const vecs = o.vectors as Record<string, unknown> | undefined;
    if (typeof vecs !== 'object' || vecs === null || Array.isArray(vecs) || !('energy' in vecs)) bad('vectors has no "energy"', 'every dimod sample set stores its energies in vectors.energy');
    const energy = fromDimodArray(vecs!['energy'], 'dimod SampleSet vectors.energy', SERIAL_FIX);
    if (energy.shape.length !== 1) bad(`vectors.energy has shape ${JSON.stringify(energy.shape)}`, 'one energy per row');
    const rows = energy.shape[0]!;
    if (o.num_rows !== undefined && o.num_rows !== rows) bad(`num_rows is ${describeValue(o.num_rows)}`, `vectors.energy has ${rows} entries`);
    checkAllocation(`a sample set of ${rows.toLocaleString('en-US')} rows x ${(n as number).toLocaleString('en-US')} variables`, [{ what: 'sample values', count: rows * (n as number), bytesPerElement: 1 }], 'Split the sample set, or aggregate it before writing');
    const packed = o.sample_packed ?? true;
    if (typeof packed !== 'boolean') bad(`sample_packed is ${describeValue(packed)}`, 'true or false');
    const sampleArray = fromDimodArray(o.sample_data, 'dimod SampleSet sample_data', SERIAL_FIX);
    let samples: Int8Array;
    if (packed) {
      samples = unpackSamples(sampleArray, rows, n as number, vartype as Vartype);
    } else {
      if (sampleArray.shape.length !== 2 || sampleArray.shape[0] !== rows || sampleArray.shape[1] !== n) bad(`sample_data has shape ${JSON.stringify(sampleArray.shape)}`, `expected [${rows}, ${n}] (rows x variables)`);
      samples = new Int8Array(sampleArray.data.length);
      const [lo, hi] = vartype === 'SPIN' ? [-1, 1] : [0, 1];
      sampleArray.data.forEach((v, k) => {
        if (v !== lo && v !== hi) bad(`sample ${Math.floor(k / (n as number))}, variable ${k % (n as number)} is ${v}`, `${vartype} values are ${lo} and ${hi}`);
        samples[k] = v;
      });
    }
    let occurrences: Float64Array | undefined;
    const vectors: Record<string, SampleVector> = {};
    for (const [name, value] of Object.entries(vecs!)) {
      if (name === 'energy') continue;
      const arr: ParsedArray = fromDimodArray(value, `dimod SampleSet vectors.${name}`, SERIAL_FIX);
      if (arr.shape[0] !== rows) bad(`vectors.${name} has shape ${JSON.stringify(arr.shape)}`, `one entry per row (${rows})`);
      if (name === 'num_occurrences') {
        if (arr.shape.length !== 1) bad(`vectors.num_occurrences has shape ${JSON.stringify(arr.shape)}`, 'one count per row');
        occurrences = arr.data;
      } else vectors[name] = { data: arr.data, shape: arr.shape, dataType: arr.dataType };
    }
    const info = o.info === undefined ? {} : o.info;
    if (typeof info !== 'object' || info === null || Array.isArray(info)) bad(`info is ${describeValue(info)}`, 'info is an object');
    return SampleSet.fromSamples({
      variables: o.variable_labels as unknown[] as VariableLabel[],
      vartype: vartype as Vartype,
      samples,
      energies: energy.data,
      ...(occurrences !== undefined && { numOccurrences: occurrences }),
      vectors,
      info: info as SampleSetInfo,
    });
  }

  private row(k: number): SampleRecord {
    return new Row(this.sample(k), this.energyData[k]!, this.occurrenceData[k]!, this.variables, () => (this.lookup.index ??= new LabelIndex(this.variables)));
  }
}

function permuteVectors(vectors: Readonly<Record<string, SampleVector>>, order: readonly number[]): Record<string, SampleVector> {
  const out: Record<string, SampleVector> = {};
  for (const [k, v] of Object.entries(vectors)) {
    const rs = rowSize(v.shape);
    const data = new Float64Array(order.length * rs);
    order.forEach((src, dst) => data.set(v.data.subarray(src * rs, (src + 1) * rs), dst * rs));
    out[k] = { data, shape: [order.length, ...v.shape.slice(1)], dataType: v.dataType };
  }
  return out;
}

function nestBool(node: unknown[]): unknown[] {
  return node.map((x) => (Array.isArray(x) ? nestBool(x) : x !== 0));
}
