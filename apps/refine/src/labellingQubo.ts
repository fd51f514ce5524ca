import { QuboModel, ValidationError, describeValue } from '@hqml/core';
import type { FeatureGraph } from './featureGraph.js';

/** The weights of a labelling QUBO (chosen on the validation split). */
export interface QuboWeights {
  /** Candidate classes per image: the network's top `candidates` classes. */
  readonly candidates: number;
  /** Neighbours per image in feature space (the graph's k). */
  readonly neighbours: number;
  /** Strength lambda of the agreement terms, in units of logits. */
  readonly agreement: number;
}

/** Margin of the one-hot penalty above the bound that makes every minimiser one-hot. */
export const PENALTY_MARGIN = 1;

/** What decoding a sample gave. */
export interface DecodedLabels {
  readonly labels: Int32Array;
  /** Images whose bits were not one-hot (none set: the network's top class; several: the likeliest of them). */
  readonly infeasible: number;
}

/**
 * The labelling QUBO of N images and K classes. Image i may take one of its candidate classes
 * C_i (the network's top m by logit); bit x_(i,r) says "image i has its r-th candidate". With
 * logits z, graph weights w and agreement lambda:
 *
 *   E(x) = sum_i sum_(c in C_i) u_ic x_ic - lambda sum_(i~j) w_ij sum_(c in C_i and C_j) x_ic x_jc
 *          + sum_i A_i (1 - sum_(c in C_i) x_ic)^2
 *
 * with u_ic = z_i,max - z_ic = -log p_ic + log max_c p_ic (the network's negative
 * log-probability, shifted so that its top class costs 0) and A_i = lambda D_i + 1, D_i = sum_j
 * w_ij. On one-hot states the penalty vanishes and E is the Potts energy of the labelling:
 * sum_i u_(i,L_i) - lambda sum_(i~j) w_ij [L_i = L_j]. Every minimiser is one-hot: adding the
 * top class to an unlabelled image changes E by at most -A_i < 0, and removing one of s >= 2
 * labels changes it by at most lambda D_i - A_i (2s - 3) < 0.
 */
export class LabellingQubo {
  readonly qubo: QuboModel;
  /** The top-m classes of every image, best first (`N x m`). */
  readonly candidateClasses: Int32Array;
  /** Network probabilities of the candidates renormalised over them (`N x m`): the warm start. */
  readonly candidateProbabilities: Float64Array;
  readonly unary: Float64Array;
  readonly penalties: Float64Array;

  private constructor(
    readonly size: number,
    readonly numClasses: number,
    readonly weights: QuboWeights,
    readonly graph: FeatureGraph,
    candidateClasses: Int32Array,
    candidateProbabilities: Float64Array,
    unary: Float64Array,
    penalties: Float64Array,
    qubo: QuboModel,
  ) {
    this.candidateClasses = candidateClasses;
    this.candidateProbabilities = candidateProbabilities;
    this.unary = unary;
    this.penalties = penalties;
    this.qubo = qubo;
  }

  /** Builds the QUBO of `logits` (`N x K`, row-major) on a feature graph of the same N images. */
  static build(logits: ArrayLike<number>, numClasses: number, graph: FeatureGraph, weights: QuboWeights): LabellingQubo {
    const N = graph.size;
    const K = numClasses;
    const m = weights.candidates;
    if (logits.length !== N * K) throw new ValidationError({ what: `labelling QUBO: ${logits.length} logits for ${N} images and ${K} classes`, why: 'logits are N x K, row-major, for the images of the graph', fix: 'Pass the logits of the same images the graph was built on' });
    if (!Number.isSafeInteger(m) || m < 1 || m > K) throw new ValidationError({ what: `labelling QUBO: candidates is ${describeValue(m)}`, why: `each image chooses among 1..${K} of its classes`, fix: `Use candidates in 2..${K}` });
    if (!(weights.agreement >= 0) || !Number.isFinite(weights.agreement)) throw new ValidationError({ what: `labelling QUBO: agreement is ${describeValue(weights.agreement)}`, why: 'lambda rewards neighbours that agree; a negative one would reward disagreement', fix: 'Use agreement >= 0' });
    const lambda = weights.agreement;
    const cand = new Int32Array(N * m);
    const cprob = new Float64Array(N * m);
    const unary = new Float64Array(N * m);
    const penalties = new Float64Array(N);
    const entries: Array<[number, number, number]> = [];
    let offset = 0;
    for (let i = 0; i < N; i++) {
      const z = Array.from({ length: K }, (_, c) => logits[i * K + c] as number);
      if (z.some((v) => !Number.isFinite(v))) throw new ValidationError({ what: `labelling QUBO: image ${i} has a non-finite logit`, why: 'the unary terms are logit differences', fix: 'Check the network\'s outputs' });
      const order = z.map((_, c) => c).sort((a, b) => z[b]! - z[a]! || a - b).slice(0, m);
      const zmax = z[order[0]!]!;
      let norm = 0;
      for (const c of order) norm += Math.exp(z[c]! - zmax);
      const A = lambda * graph.degrees[i]! + PENALTY_MARGIN;
      penalties[i] = A;
      offset += A;
      order.forEach((c, r) => {
        const v = i * m + r;
        cand[v] = c;
        cprob[v] = Math.exp(z[c]! - zmax) / norm;
        unary[v] = zmax - z[c]!;
        // A (1 - sum x)^2 = A - A sum x + 2 A sum_(r<s) x_r x_s on bits
        entries.push([v, v, unary[v]! - A]);
        for (let s = r + 1; s < m; s++) entries.push([v, i * m + s, 2 * A]);
      });
    }
    if (lambda > 0) {
      for (let e = 0; e < graph.heads.length; e++) {
        const i = graph.heads[e]!;
        const j = graph.tails[e]!;
        const w = graph.weights[e]!;
        for (let r = 0; r < m; r++) {
          for (let s = 0; s < m; s++) {
            if (cand[i * m + r] === cand[j * m + s]) entries.push([i * m + r, j * m + s, -lambda * w]);
          }
        }
      }
    }
    const qubo = QuboModel.fromEntries(entries, offset, N * m);
    return new LabellingQubo(N, K, weights, graph, cand, cprob, unary, penalties, qubo);
  }

  /** Variables per image. */
  get candidates(): number {
    return this.weights.candidates;
  }

  /** The network's labelling (every image its top class). */
  networkLabels(): Int32Array {
    const m = this.candidates;
    return Int32Array.from({ length: this.size }, (_, i) => this.candidateClasses[i * m]!);
  }

  /**
   * The Potts energy of a labelling, from its definition (not through the QUBO): the unary costs
   * of the chosen classes minus lambda times the weight of agreeing edges. A class outside an
   * image's candidates cannot be encoded and is refused.
   */
  labellingEnergy(labels: ArrayLike<number>): number {
    const m = this.candidates;
    let e = 0;
    for (let i = 0; i < this.size; i++) {
      const r = this.rankOf(i, labels[i] as number);
      e += this.unary[i * m + r]!;
    }
    for (let k = 0; k < this.graph.heads.length; k++) {
      const i = this.graph.heads[k]!;
      const j = this.graph.tails[k]!;
      if (labels[i] === labels[j]) e -= this.weights.agreement * this.graph.weights[k]!;
    }
    return e;
  }

  /** The one-hot bits of a labelling. */
  encode(labels: ArrayLike<number>): Int8Array {
    const m = this.candidates;
    const bits = new Int8Array(this.size * m);
    for (let i = 0; i < this.size; i++) bits[i * m + this.rankOf(i, labels[i] as number)] = 1;
    return bits;
  }

  /** Labels from a sample's bits (see {@link DecodedLabels} for bits that are not one-hot). */
  decode(bits: ArrayLike<number>): DecodedLabels {
    const m = this.candidates;
    if (bits.length !== this.size * m) throw new ValidationError({ what: `decode: ${bits.length} bits`, why: `the QUBO has ${this.size} images x ${m} candidates`, fix: 'Decode a sample of this QUBO' });
    const labels = new Int32Array(this.size);
    let infeasible = 0;
    for (let i = 0; i < this.size; i++) {
      let first = -1;
      let set = 0;
      for (let r = 0; r < m; r++) {
        if (bits[i * m + r] === 1) {
          set++;
          if (first < 0) first = r;
        }
      }
      if (set !== 1) infeasible++;
      labels[i] = this.candidateClasses[i * m + Math.max(first, 0)]!;
    }
    return { labels, infeasible };
  }

  /**
   * Iterated conditional modes (Besag 1986) from `labels`: each image in turn takes the
   * candidate that minimises the Potts energy given its neighbours' labels, until a sweep changes
   * nothing (at most `maxSweeps`). The result is a local minimum in label space whose energy is
   * never above the start's. Annealers resolve energy differences only down to their coldest
   * temperature, so a sample can leave an image on a class whose logit is a hair below its best
   * one; this removes such leftovers without deciding anything the energy does not.
   */
  polish(labels: ArrayLike<number>, maxSweeps = 100): { labels: Int32Array; moves: number } {
    const m = this.candidates;
    const N = this.size;
    const L = Int32Array.from(labels);
    for (let i = 0; i < N; i++) this.rankOf(i, L[i]!);
    const adj: Array<Array<[number, number]>> = Array.from({ length: N }, () => []);
    for (let e = 0; e < this.graph.heads.length; e++) {
      adj[this.graph.heads[e]!]!.push([this.graph.tails[e]!, this.graph.weights[e]!]);
      adj[this.graph.tails[e]!]!.push([this.graph.heads[e]!, this.graph.weights[e]!]);
    }
    const lambda = this.weights.agreement;
    let moves = 0;
    for (let sweep = 0; sweep < maxSweeps; sweep++) {
      let changed = 0;
      for (let i = 0; i < N; i++) {
        let best = L[i]!;
        let bestE = Infinity;
        for (let r = 0; r < m; r++) {
          const c = this.candidateClasses[i * m + r]!;
          let e = this.unary[i * m + r]!;
          for (const [j, w] of adj[i]!) if (L[j] === c) e -= lambda * w;
          // strict improvement only (ties keep the current label), so the energy never rises and the loop ends
          if (e < bestE - 1e-12 || (Math.abs(e - bestE) <= 1e-12 && c === L[i])) {
            bestE = e;
            best = c;
          }
        }
        if (best !== L[i]) {
          L[i] = best;
          changed++;
        }
      }
      moves += changed;
      if (changed === 0) break;
    }
    return { labels: L, moves };
  }

  private rankOf(i: number, label: number): number {
    const m = this.candidates;
    for (let r = 0; r < m; r++) if (this.candidateClasses[i * m + r] === label) return r;
    throw new ValidationError({ what: `image ${i} has label ${describeValue(label)}`, why: `its candidate classes are ${Array.from(this.candidateClasses.subarray(i * m, (i + 1) * m)).join(', ')}`, fix: 'Use one of the candidates' });
  }
}
