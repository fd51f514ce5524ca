import { IsingModel } from './ising.js';
import { type DimodBqmJSON, toDimodBqm } from './bqmJson.js';
import { type LinearBiases, type QuadraticBiases, labelledInput } from './labelledInput.js';
import type { VariableLabel } from './labels.js';
import { type QuadraticModelInput, QuadraticModel } from './quadraticModel.js';

/** dimod's `(Q, offset)`: `Q` keyed by `[u, v]` pairs, linear biases on the diagonal `[u, u]`. */
export interface QuboDict {
  readonly Q: Map<readonly [VariableLabel, VariableLabel], number>;
  readonly offset: number;
}

/**
 * A QUBO over bits x_i in {0, 1}:
 * `E(x) = offset + sum_i Q_ii x_i + sum_{i<j} Q_ij x_i x_j`.
 */
export class QuboModel extends QuadraticModel {
  readonly vartype = 'BINARY' as const;
  private isingCache: IsingModel | undefined;

  constructor(input: QuadraticModelInput) {
    super(input);
  }

  /**
   * Index-based constructor from entries `[i, j, Q_ij]`; `i === j` entries are linear biases.
   */
  static fromEntries(entries: Iterable<readonly [number, number, number]>, offset = 0, numVariables?: number): QuboModel {
    const linearTerms: Array<[number, number]> = [];
    const quadratic: Array<[number, number, number]> = [];
    for (const [i, j, v] of entries) {
      if (i === j) linearTerms.push([i, v]);
      else quadratic.push([i, j, v]);
    }
    return new QuboModel({ linearTerms, quadratic, offset, ...(numVariables !== undefined && { numVariables }) });
  }

  /**
   * dimod's `BinaryQuadraticModel.from_qubo(Q, offset)`: any labels; `[u, u]` entries are linear
   * biases; `[u, v]` and `[v, u]` are summed. Variables are ordered as first seen.
   *
   * ```ts
   * QuboModel.fromQubo([['a', 'a', -1], ['a', 'b', 2]]);
   * QuboModel.fromQubo(new Map([[['a', 'a'], -1], [['a', 'b'], 2]]), 0.5);
   * ```
   */
  static fromQubo(Q: QuadraticBiases = [], offset = 0): QuboModel {
    return new QuboModel(labelledInput(undefined, Q, offset, { linear: 'linear', quadratic: 'Q' }, 'linear'));
  }

  /** A QUBO from separate linear and quadratic biases (dimod's `BQM(linear, quadratic, offset, 'BINARY')`). */
  static fromBiases(linear: LinearBiases = {}, quadratic: QuadraticBiases = [], offset = 0): QuboModel {
    return new QuboModel(labelledInput(linear, quadratic, offset, { linear: 'linear', quadratic: 'quadratic' }, 'linear'));
  }

  /** The equivalent Ising model, computed once (dimod's `bqm.spin`). */
  get spin(): IsingModel {
    this.isingCache ??= this.toIsing();
    return this.isingCache;
  }

  /** This model (dimod's `bqm.binary`). */
  get binary(): QuboModel {
    return this;
  }

  /** dimod's `bqm.to_serializable()`: the document `dimod.BQM.from_serializable` reads (see {@link toDimodBqm}). */
  toSerializable(): DimodBqmJSON {
    return toDimodBqm(this);
  }

  /** dimod's `bqm.to_qubo()`: every variable's bias on the diagonal, every interaction off it. */
  toQuboDict(): QuboDict {
    const Q = new Map<readonly [VariableLabel, VariableLabel], number>();
    for (const [u, b] of this.linearEntries()) Q.set(Object.freeze([u, u] as const), b);
    for (const [u, v, b] of this.quadraticEntries()) Q.set(Object.freeze([u, v] as const), b);
    return { Q, offset: this.offset };
  }

  /** dimod's `bqm.to_ising()` of the equivalent Ising model. */
  toIsingDict(): ReturnType<IsingModel['toIsingDict']> {
    return this.spin.toIsingDict();
  }

  /**
   * The equivalent Ising model under s = 2x - 1, i.e. x = (s + 1) / 2:
   * J_ij = Q_ij / 4, h_i = Q_ii / 2 + sum_j Q_ij / 4, offset' = offset + sum Q_ii / 2 + sum Q_ij / 4.
   */
  toIsing(): IsingModel {
    const h = new Float64Array(this.numVariables);
    let offset = this.offset;
    for (let i = 0; i < this.numVariables; i++) {
      h[i] = this.linear[i]! / 2;
      offset += this.linear[i]! / 2;
    }
    const J: Array<[number, number, number]> = [];
    for (let k = 0; k < this.values.length; k++) {
      const i = this.heads[k]!;
      const j = this.tails[k]!;
      const v = this.values[k]!;
      J.push([i, j, v / 4]);
      h[i]! += v / 4;
      h[j]! += v / 4;
      offset += v / 4;
    }
    return new IsingModel({ linear: h, quadratic: J, offset, numVariables: this.numVariables, labels: this.labels });
  }
}

/** Either form of a binary quadratic model (dimod's `BinaryQuadraticModel` with its vartype). */
export type BinaryQuadraticModel = IsingModel | QuboModel;

/** Builds a model of either kind from plain input. */
export function modelOf(vartype: 'SPIN' | 'BINARY', input: QuadraticModelInput): IsingModel | QuboModel {
  return vartype === 'SPIN' ? new IsingModel(input) : new QuboModel(input);
}
