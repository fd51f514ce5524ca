import { type DimodBqmJSON, toDimodBqm } from './bqmJson.js';
import { type LinearBiases, type QuadraticBiases, labelledInput } from './labelledInput.js';
import type { VariableLabel } from './labels.js';
import { type QuadraticModelInput, QuadraticModel } from './quadraticModel.js';
import { QuboModel } from './qubo.js';

/** Ising model input: `h` (fields), `J` (couplings) and an offset, by variable index. */
export interface IsingInput {
  readonly h?: ArrayLike<number>;
  readonly J?: Iterable<readonly [number, number, number]>;
  readonly offset?: number;
  readonly numVariables?: number;
  readonly labels?: QuadraticModelInput['labels'];
}

/** dimod's `(h, J, offset)` as maps keyed by labels (`J` keyed by `[u, v]` pairs). */
export interface IsingDicts {
  readonly h: Map<VariableLabel, number>;
  readonly J: Map<readonly [VariableLabel, VariableLabel], number>;
  readonly offset: number;
}

/**
 * An Ising model over spins s_i in {-1, +1}:
 * `E(s) = offset + sum_i h_i s_i + sum_{i<j} J_ij s_i s_j`.
 */
export class IsingModel extends QuadraticModel {
  readonly vartype = 'SPIN' as const;
  private quboCache: QuboModel | undefined;

  constructor(input: QuadraticModelInput) {
    super(input);
  }

  /** Index-based constructor: `IsingModel.from({ h: [..], J: [[0, 1, -1]] })`. */
  static from(input: IsingInput): IsingModel {
    return new IsingModel({
      ...(input.h !== undefined && { linear: input.h }),
      ...(input.J !== undefined && { quadratic: input.J }),
      ...(input.offset !== undefined && { offset: input.offset }),
      ...(input.numVariables !== undefined && { numVariables: input.numVariables }),
      ...(input.labels !== undefined && { labels: input.labels }),
    });
  }

  /**
   * dimod's `BinaryQuadraticModel.from_ising(h, J, offset)`: any labels (numbers, strings,
   * tuples). Variables are ordered as first seen, `h` before `J`.
   *
   * ```ts
   * IsingModel.fromIsing({ a: -1, b: 1 }, [['a', 'b', 0.5]]);
   * IsingModel.fromIsing(new Map([[['x', 0], 1]]), new Map([[[['x', 0], 'y'], -1]]));
   * ```
   */
  static fromIsing(h: LinearBiases = {}, J: QuadraticBiases = [], offset = 0): IsingModel {
    return new IsingModel(labelledInput(h, J, offset, { linear: 'h', quadratic: 'J' }, 'error'));
  }

  /** The fields h. */
  get h(): Float64Array {
    return this.linear;
  }

  /** This model (dimod's `bqm.spin`). */
  get spin(): IsingModel {
    return this;
  }

  /** The equivalent QUBO, computed once (dimod's `bqm.binary`). */
  get binary(): QuboModel {
    this.quboCache ??= this.toQubo();
    return this.quboCache;
  }

  /** dimod's `bqm.to_serializable()`: the document `dimod.BQM.from_serializable` reads (see {@link toDimodBqm}). */
  toSerializable(): DimodBqmJSON {
    return toDimodBqm(this);
  }

  /** dimod's `bqm.to_ising()`: `h` for every variable, `J` for every interaction, by label. */
  toIsingDict(): IsingDicts {
    return {
      h: new Map(this.linearEntries()),
      J: new Map(this.quadraticEntries().map(([u, v, b]) => [Object.freeze([u, v] as const), b])),
      offset: this.offset,
    };
  }

  /** dimod's `bqm.to_qubo()` of the equivalent QUBO. */
  toQuboDict(): ReturnType<QuboModel['toQuboDict']> {
    return this.binary.toQuboDict();
  }

  /**
   * The equivalent QUBO under x = (s + 1) / 2, i.e. s = 2x - 1:
   * Q_ij = 4 J_ij, Q_ii = 2 h_i - 2 sum_j J_ij, offset' = offset - sum h + sum J.
   * Energies agree for corresponding samples.
   */
  toQubo(): QuboModel {
    const lin = new Float64Array(this.numVariables);
    let offset = this.offset;
    for (let i = 0; i < this.numVariables; i++) {
      lin[i] = 2 * this.linear[i]!;
      offset -= this.linear[i]!;
    }
    const quad: Array<[number, number, number]> = [];
    for (let k = 0; k < this.values.length; k++) {
      const i = this.heads[k]!;
      const j = this.tails[k]!;
      const v = this.values[k]!;
      quad.push([i, j, 4 * v]);
      lin[i]! -= 2 * v;
      lin[j]! -= 2 * v;
      offset += v;
    }
    return new QuboModel({ linear: lin, quadratic: quad, offset, numVariables: this.numVariables, labels: this.labels });
  }
}
