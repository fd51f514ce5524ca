import { type QuadraticModelInput, QuadraticModel } from './quadraticModel.js';
import { QuboModel } from './qubo.js';

/** Ising model input: `h` (fields), `J` (couplings) and an offset. */
export interface IsingInput {
  readonly h?: ArrayLike<number>;
  readonly J?: Iterable<readonly [number, number, number]>;
  readonly offset?: number;
  readonly numVariables?: number;
  readonly labels?: QuadraticModelInput['labels'];
}

/**
 * An Ising model over spins s_i in {-1, +1}:
 * `E(s) = offset + sum_i h_i s_i + sum_{i<j} J_ij s_i s_j`.
 */
export class IsingModel extends QuadraticModel {
  readonly vartype = 'SPIN' as const;

  constructor(input: QuadraticModelInput) {
    super(input);
  }

  /** dimod-style constructor: `IsingModel.from({ h: [..], J: [[0, 1, -1]] })`. */
  static from(input: IsingInput): IsingModel {
    return new IsingModel({
      ...(input.h !== undefined && { linear: input.h }),
      ...(input.J !== undefined && { quadratic: input.J }),
      ...(input.offset !== undefined && { offset: input.offset }),
      ...(input.numVariables !== undefined && { numVariables: input.numVariables }),
      ...(input.labels !== undefined && { labels: input.labels }),
    });
  }

  /** The fields h. */
  get h(): Float64Array {
    return this.linear;
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
