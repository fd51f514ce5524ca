import { ValidationError, describeValue } from '@hqml/core';

/** How an edge of the neighbour graph is weighted. */
export type GraphKernel = 'uniform' | 'self-tuning';

/** The neighbour graph of a set of images in a network's feature space. */
export interface FeatureGraph {
  readonly size: number;
  /** Edges `i < j`, sorted by (i, j). */
  readonly heads: Int32Array;
  readonly tails: Int32Array;
  readonly weights: Float64Array;
  /** Weighted degree of every image, `sum_j w_ij`. */
  readonly degrees: Float64Array;
}

/** Rows of `features` scaled to unit length (a zero row stays zero). */
export function normalizeRows(features: ArrayLike<number>, count: number, dim: number): Float64Array {
  const out = new Float64Array(count * dim);
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (features[i * dim + d] as number) ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < dim; d++) out[i * dim + d] = (features[i * dim + d] as number) * inv;
  }
  return out;
}

/**
 * The symmetric k-nearest-neighbour graph of `count` feature vectors (`count x dim`, row-major):
 * rows are scaled to unit length (the network's features compared by direction, so Euclidean
 * distance is a monotone function of cosine similarity), `i` and `j` are joined when either is
 * among the other's `k` nearest (ties by lower index), and an edge weighs 1 (`uniform`) or
 * `exp(-d_ij^2 / (sigma_i sigma_j))` with `sigma_i` the distance to i's k-th neighbour
 * (`self-tuning`, Zelnik-Manor and Perona, NIPS 2004: the scale adapts to the local density, so
 * a tight cluster and a sparse one both get weights near 1 inside and small across).
 */
export function featureGraph(features: ArrayLike<number>, count: number, dim: number, k: number, kernel: GraphKernel = 'self-tuning'): FeatureGraph {
  if (!Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(dim) || dim < 1 || features.length !== count * dim) {
    throw new ValidationError({ what: `featureGraph: ${features.length} values for ${describeValue(count)} vectors of ${describeValue(dim)}`, why: 'features are count x dim, row-major', fix: 'Pass the features of every image, flattened' });
  }
  if (!Number.isSafeInteger(k) || k < 1) throw new ValidationError({ what: `featureGraph: k is ${describeValue(k)}`, why: 'each image needs at least one neighbour', fix: 'Use k >= 1' });
  const x = normalizeRows(features, count, dim);
  const kk = Math.min(k, count - 1);
  const d2 = new Float64Array(count);
  const order = new Int32Array(count);
  const near: Int32Array[] = [];
  const sigma = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (x[i * dim + d]! - x[j * dim + d]!) ** 2;
      d2[j] = s;
      order[j] = j;
    }
    const cand = Array.from(order).filter((j) => j !== i).sort((a, b) => d2[a]! - d2[b]! || a - b);
    const mine = Int32Array.from(cand.slice(0, kk));
    near.push(mine);
    sigma[i] = kk > 0 ? Math.sqrt(d2[mine[kk - 1]!]!) : 0;
  }
  const edges = new Map<number, [number, number]>();
  near.forEach((js, i) => {
    for (const j of js) {
      const a = Math.min(i, j);
      const b = Math.max(i, j);
      edges.set(a * count + b, [a, b]);
    }
  });
  const keys = [...edges.keys()].sort((p, q) => p - q);
  const heads = new Int32Array(keys.length);
  const tails = new Int32Array(keys.length);
  const weights = new Float64Array(keys.length);
  const degrees = new Float64Array(count);
  keys.forEach((key, e) => {
    const [i, j] = edges.get(key)!;
    let w = 1;
    if (kernel === 'self-tuning') {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (x[i * dim + d]! - x[j * dim + d]!) ** 2;
      const scale = sigma[i]! * sigma[j]!;
      w = scale > 0 ? Math.exp(-s / scale) : 1;
    }
    heads[e] = i;
    tails[e] = j;
    weights[e] = w;
    degrees[i]! += w;
    degrees[j]! += w;
  });
  return { size: count, heads, tails, weights, degrees };
}
