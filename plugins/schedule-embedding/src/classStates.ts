import { Rng, ValidationError, describeValue } from '@hqml/core';
import { type StateBatch, overlapMatrix } from './hilbertSchmidt.js';

/** Options of {@link ClassStates.fromEmbeddings}. */
export interface ClassStatesOptions {
  /** At most this many training embeddings per class (a seeded subsample beyond it). Default 2000. */
  readonly maxMembers?: number;
  readonly seed?: number;
}

/** JSON form of {@link ClassStates} (the member states, so the classifier can be restored). */
export interface ClassStatesJSON {
  readonly dim: number;
  readonly classes: readonly { readonly re: number[]; readonly im: number[]; readonly rows: number }[];
}

/** What a batch of states scores against the class states. */
export interface ClassScores {
  /** `<psi|rho_c|psi>`, rows x C: the fidelity of each state with each class state. */
  readonly fidelities: Float64Array;
  /** Hilbert-Schmidt distance `tr((|psi><psi| - rho_c)^2) = 1 + tr rho_c^2 - 2 <psi|rho_c|psi>`, rows x C. */
  readonly distances: Float64Array;
  /** The class at the smallest distance per row. */
  readonly predictions: Int32Array;
}

/**
 * The class states rho_c = mean_{i in c} |psi_i><psi_i| of training embeddings, kept as their
 * member states: every quantity is computed from overlaps (`<psi|rho_c|psi>` is the mean
 * fidelity with the members, tr rho_c^2 the mean pairwise overlap), so no 2^n x 2^n matrix is
 * ever built. Immutable.
 */
export class ClassStates {
  /** tr rho_c^2 per class (mean of |<psi_i|psi_j>|^2 over all member pairs, i = j included). */
  readonly purities: Float64Array;

  private constructor(readonly members: readonly StateBatch[], readonly dim: number) {
    this.purities = Float64Array.from(members, (m) => {
      const g = overlapMatrix(m, m);
      let s = 0;
      for (const v of g) s += v;
      return s / (m.rows * m.rows);
    });
    Object.freeze(this);
  }

  get numClasses(): number {
    return this.members.length;
  }

  /** Groups embeddings by label (labels 0..numClasses-1; every class needs a member). */
  static fromEmbeddings(states: StateBatch, labels: ArrayLike<number>, numClasses: number, options: ClassStatesOptions = {}): ClassStates {
    if (labels.length !== states.rows) throw new ValidationError({ what: `${labels.length} labels for ${states.rows} states`, why: 'each embedding needs its label', fix: 'Pass one label per state' });
    const max = options.maxMembers ?? 2000;
    if (!Number.isInteger(max) || max < 1) throw new ValidationError({ what: `maxMembers is ${describeValue(options.maxMembers)}`, why: 'it is a positive integer', fix: 'Use e.g. 2000' });
    const rows: number[][] = Array.from({ length: numClasses }, () => []);
    for (let i = 0; i < labels.length; i++) {
      const c = labels[i] as number;
      if (!Number.isInteger(c) || c < 0 || c >= numClasses) throw new ValidationError({ what: `labels[${i}] is ${describeValue(c)}`, why: `labels are 0..${numClasses - 1}`, fix: 'Re-index the classes' });
      rows[c]!.push(i);
    }
    const rng = Rng.from(options.seed ?? 0);
    const D = states.dim;
    const members = rows.map((r, c) => {
      if (r.length === 0) throw new ValidationError({ what: `class ${c} has no training embedding`, why: 'its class state would be undefined', fix: 'Train on data that contains every class' });
      const pick = r.length > max ? rng.permutation(r.length).slice(0, max).map((k) => r[k]!).sort((a, b) => a - b) : r;
      const re = new Float64Array(pick.length * D), im = new Float64Array(pick.length * D);
      pick.forEach((i, k) => {
        re.set(states.re.subarray(i * D, (i + 1) * D), k * D);
        im.set(states.im.subarray(i * D, (i + 1) * D), k * D);
      });
      return { re, im, rows: pick.length, dim: D };
    });
    return new ClassStates(members, D);
  }

  /** tr(rho_a rho_b), C x C, from the overlaps of the members. */
  traces(): Float64Array {
    const C = this.numClasses;
    const out = new Float64Array(C * C);
    for (let a = 0; a < C; a++) {
      out[a * C + a] = this.purities[a]!;
      for (let b = a + 1; b < C; b++) {
        const g = overlapMatrix(this.members[a]!, this.members[b]!);
        let s = 0;
        for (const v of g) s += v;
        out[a * C + b] = out[b * C + a] = s / g.length;
      }
    }
    return out;
  }

  /** Fidelities, Hilbert-Schmidt distances and nearest-class predictions of a batch of states. */
  score(states: StateBatch): ClassScores {
    if (states.dim !== this.dim) throw new ValidationError({ what: `states of dimension ${states.dim}`, why: `the class states have dimension ${this.dim}`, fix: 'Embed with the same annealer' });
    const C = this.numClasses;
    const R = states.rows;
    const fidelities = new Float64Array(R * C);
    this.members.forEach((m, c) => {
      const g = overlapMatrix(states, m);
      for (let r = 0; r < R; r++) {
        let s = 0;
        for (let j = 0; j < m.rows; j++) s += g[r * m.rows + j]!;
        fidelities[r * C + c] = s / m.rows;
      }
    });
    const distances = new Float64Array(R * C);
    const predictions = new Int32Array(R);
    for (let r = 0; r < R; r++) {
      let best = 0;
      for (let c = 0; c < C; c++) {
        distances[r * C + c] = 1 + this.purities[c]! - 2 * fidelities[r * C + c]!;
        if (distances[r * C + c]! < distances[r * C + best]!) best = c;
      }
      predictions[r] = best;
    }
    return { fidelities, distances, predictions };
  }

  toJSON(): ClassStatesJSON {
    return { dim: this.dim, classes: this.members.map((m) => ({ re: Array.from(m.re), im: Array.from(m.im), rows: m.rows })) };
  }

  static fromJSON(j: ClassStatesJSON): ClassStates {
    return new ClassStates(j.classes.map((c) => ({ re: Float64Array.from(c.re), im: Float64Array.from(c.im), rows: c.rows, dim: j.dim })), j.dim);
  }
}
