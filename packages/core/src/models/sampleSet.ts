import { ValidationError, describeValue } from '../errors.js';
import type { QuadraticModel, Vartype, VariableLabel } from './quadraticModel.js';

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

/** Input to {@link SampleSet.fromSamples}. */
export interface SampleSetInput {
  readonly variables: readonly VariableLabel[];
  readonly vartype: Vartype;
  /** Row-major samples, count x variables.length (Int8Array or any array of -1/+1 or 0/1). */
  readonly samples: ArrayLike<number>;
  readonly energies: ArrayLike<number>;
  /** How often each row occurred (default 1 each). */
  readonly numOccurrences?: ArrayLike<number>;
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

/** One row of a sample set. */
export interface SampleRecord {
  readonly sample: Int8Array;
  readonly energy: number;
  readonly numOccurrences: number;
}

/**
 * The immutable result of every annealer: samples, energies and occurrence counts, sorted by
 * energy (stable), plus `info` (timing, parameters used). Mirrors dimod's SampleSet.
 *
 * Design note: rows are kept in one Int8Array (count x n), so large read counts cost one byte
 * per spin; accessors hand out copies so the set cannot be changed after construction.
 */
export class SampleSet {
  readonly variables: readonly VariableLabel[];
  readonly vartype: Vartype;
  readonly info: SampleSetInfo;
  private readonly data: Int8Array;
  private readonly energyData: Float64Array;
  private readonly occurrenceData: Int32Array;

  private constructor(variables: readonly VariableLabel[], vartype: Vartype, data: Int8Array, energies: Float64Array, occ: Int32Array, info: SampleSetInfo) {
    this.variables = Object.freeze([...variables]);
    this.vartype = vartype;
    this.data = data;
    this.energyData = energies;
    this.occurrenceData = occ;
    this.info = Object.freeze({ ...info });
    Object.freeze(this);
  }

  /** Builds a sample set, validating shapes and values; rows are sorted by energy (stable). */
  static fromSamples(input: SampleSetInput): SampleSet {
    const n = input.variables.length;
    const count = input.energies.length;
    if (input.samples.length !== count * n) {
      throw new ValidationError({ what: `SampleSet got ${input.samples.length} sample values for ${count} energies and ${n} variables`, why: 'samples are row-major, one row per energy', fix: 'Pass count x variables values' });
    }
    const occ = input.numOccurrences;
    if (occ !== undefined && occ.length !== count) {
      throw new ValidationError({ what: `SampleSet got ${occ.length} occurrence counts for ${count} samples`, why: 'there is one count per row' });
    }
    const [lo, hi] = input.vartype === 'SPIN' ? [-1, 1] : [0, 1];
    for (let k = 0; k < input.samples.length; k++) {
      const v = input.samples[k];
      if (v !== lo && v !== hi) {
        throw new ValidationError({ what: `sample ${Math.floor(k / n)}, variable ${k % n} is ${describeValue(v)}`, why: `${input.vartype} values are ${lo} and ${hi}` });
      }
    }
    for (let s = 0; s < count; s++) {
      const e = input.energies[s] as number;
      if (typeof e !== 'number' || Number.isNaN(e)) throw new ValidationError({ what: `energy ${s} is ${describeValue(e)}`, why: 'energies must be numbers' });
      const o = occ === undefined ? 1 : (occ[s] as number);
      if (!Number.isInteger(o) || o < 1) throw new ValidationError({ what: `numOccurrences[${s}] is ${describeValue(o)}`, why: 'occurrence counts are positive integers' });
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
    return new SampleSet(input.variables, input.vartype, data, energies, occurrences, input.info ?? {});
  }

  /** Builds a sample set whose energies are computed by `model`. */
  static fromModel(model: QuadraticModel, samples: ArrayLike<number>, options: { numOccurrences?: ArrayLike<number>; info?: SampleSetInfo } = {}): SampleSet {
    const count = model.numVariables === 0 ? 0 : samples.length / model.numVariables;
    return SampleSet.fromSamples({
      variables: model.labels,
      vartype: model.vartype,
      samples,
      energies: model.energies(samples, count),
      ...(options.numOccurrences !== undefined && { numOccurrences: options.numOccurrences }),
      ...(options.info !== undefined && { info: options.info }),
    });
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
    return this.data.slice();
  }

  /** Row `k` (a copy). */
  sample(k: number): Int8Array {
    if (!Number.isInteger(k) || k < 0 || k >= this.size) {
      throw new ValidationError({ what: `sample(${k})`, why: `the set has ${this.size} rows` });
    }
    const n = this.numVariables;
    return this.data.slice(k * n, (k + 1) * n);
  }

  /** The lowest-energy row. */
  get first(): SampleRecord {
    if (this.size === 0) throw new ValidationError({ what: 'first of an empty SampleSet', why: 'there are no samples' });
    return { sample: this.sample(0), energy: this.energyData[0]!, numOccurrences: this.occurrenceData[0]! };
  }

  /** Rows one by one, lowest energy first. */
  *records(): IterableIterator<SampleRecord> {
    for (let k = 0; k < this.size; k++) yield { sample: this.sample(k), energy: this.energyData[k]!, numOccurrences: this.occurrenceData[k]! };
  }

  /** Rows whose energy is within `atol` of the lowest (dimod's `lowest`). */
  lowest(atol = 1e-8): SampleSet {
    if (this.size === 0) return this;
    const min = this.energyData[0]!;
    let k = 0;
    while (k < this.size && this.energyData[k]! <= min + atol) k++;
    return this.slice(0, k);
  }

  /** The first `k` rows (lowest energies). */
  truncate(k: number): SampleSet {
    if (!Number.isInteger(k) || k < 0) throw new ValidationError({ what: `truncate(${describeValue(k)})`, why: 'k is a non-negative integer' });
    return this.slice(0, Math.min(k, this.size));
  }

  /** Identical samples merged into one row with summed occurrences. */
  aggregate(): SampleSet {
    const n = this.numVariables;
    const index = new Map<string, number>();
    const rows: number[] = [];
    const occ: number[] = [];
    for (let k = 0; k < this.size; k++) {
      const key = this.data.subarray(k * n, (k + 1) * n).join(',');
      const at = index.get(key);
      if (at === undefined) {
        index.set(key, rows.length);
        rows.push(k);
        occ.push(this.occurrenceData[k]!);
      } else occ[at]! += this.occurrenceData[k]!;
    }
    const data = new Int8Array(rows.length * n);
    const energies = new Float64Array(rows.length);
    rows.forEach((k, dst) => {
      data.set(this.data.subarray(k * n, (k + 1) * n), dst * n);
      energies[dst] = this.energyData[k]!;
    });
    return new SampleSet(this.variables, this.vartype, data, energies, Int32Array.from(occ), this.info);
  }

  /** The same rows with spins converted to bits or back (energies unchanged: pass a model to recompute). */
  changeVartype(vartype: Vartype, model?: QuadraticModel): SampleSet {
    if (vartype === this.vartype && !model) return this;
    const data = new Int8Array(this.data.length);
    for (let k = 0; k < data.length; k++) {
      const v = this.data[k]!;
      data[k] = vartype === this.vartype ? v : vartype === 'BINARY' ? (v + 1) / 2 : 2 * v - 1;
    }
    const energies = model ? model.energies(data, this.size) : this.energyData.slice();
    return SampleSet.fromSamples({ variables: this.variables, vartype, samples: data, energies, numOccurrences: this.occurrenceData, info: this.info });
  }

  /** A copy with extra `info` entries merged in. */
  withInfo(info: SampleSetInfo): SampleSet {
    return new SampleSet(this.variables, this.vartype, this.data, this.energyData, this.occurrenceData, { ...this.info, ...info });
  }

  /** JSON form (lossless round-trip through {@link SampleSet.fromJSON}). */
  toJSON(): SampleSetJSON {
    const n = this.numVariables;
    return {
      type: 'SampleSet',
      version: 1,
      variables: [...this.variables],
      vartype: this.vartype,
      samples: Array.from({ length: this.size }, (_, k) => Array.from(this.data.subarray(k * n, (k + 1) * n))),
      energies: Array.from(this.energyData),
      numOccurrences: Array.from(this.occurrenceData),
      info: this.info,
    };
  }

  /** Parses {@link SampleSet.toJSON}'s output, validating it. */
  static fromJSON(json: unknown): SampleSet {
    const j = json as Partial<SampleSetJSON> | null;
    if (typeof j !== 'object' || j === null || j.type !== 'SampleSet' || !Array.isArray(j.samples) || !Array.isArray(j.energies) || !Array.isArray(j.variables)) {
      throw new ValidationError({ what: `SampleSet.fromJSON got ${describeValue(json)}`, why: 'expected an object with type "SampleSet", variables, samples and energies', fix: 'Pass what SampleSet#toJSON produced' });
    }
    if (j.vartype !== 'SPIN' && j.vartype !== 'BINARY') throw new ValidationError({ what: `vartype ${describeValue(j.vartype)}`, why: 'allowed: SPIN, BINARY' });
    return SampleSet.fromSamples({
      variables: j.variables,
      vartype: j.vartype,
      samples: j.samples.flat(),
      energies: j.energies,
      ...(j.numOccurrences !== undefined && { numOccurrences: j.numOccurrences }),
      info: j.info ?? {},
    });
  }

  private slice(from: number, to: number): SampleSet {
    const n = this.numVariables;
    return new SampleSet(this.variables, this.vartype, this.data.slice(from * n, to * n), this.energyData.slice(from, to), this.occurrenceData.slice(from, to), this.info);
  }
}
