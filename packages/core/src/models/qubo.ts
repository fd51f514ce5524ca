import { IsingModel } from './ising.js';
import { type QuadraticModelInput, QuadraticModel } from './quadraticModel.js';

/**
 * A QUBO over bits x_i in {0, 1}:
 * `E(x) = offset + sum_i Q_ii x_i + sum_{i<j} Q_ij x_i x_j`.
 */
export class QuboModel extends QuadraticModel {
  readonly vartype = 'BINARY' as const;

  constructor(input: QuadraticModelInput) {
    super(input);
  }

  /**
   * dimod-style constructor from entries `[i, j, Q_ij]`; `i === j` entries are linear biases.
   */
  static fromEntries(entries: Iterable<readonly [number, number, number]>, offset = 0, numVariables?: number): QuboModel {
    const linear: number[] = [];
    const quadratic: Array<[number, number, number]> = [];
    for (const [i, j, v] of entries) {
      if (i === j) {
        while (linear.length <= i) linear.push(0);
        linear[i] = (linear[i] as number) + v;
      } else quadratic.push([i, j, v]);
    }
    return new QuboModel({ linear, quadratic, offset, ...(numVariables !== undefined && { numVariables }) });
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

/** Builds a model of either kind from plain input. */
export function modelOf(vartype: 'SPIN' | 'BINARY', input: QuadraticModelInput): IsingModel | QuboModel {
  return vartype === 'SPIN' ? new IsingModel(input) : new QuboModel(input);
}
