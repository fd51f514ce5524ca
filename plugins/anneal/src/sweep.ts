import type { CompiledProblem } from './problem.js';

/**
 * Metropolis sweeps over all spins in index order (dwave-neal's update order), on local fields
 * `f_i = h_i + sum_j J_ij s_j`. Flipping spin v changes the energy by `2a` with
 * `a = -s_v f_v`; downhill and level moves (`a <= 0`) are always taken, uphill ones with
 * probability `exp(-2 beta a)`. A flip updates the neighbours' fields through the CSR row.
 *
 * Design note: three variants of one loop. `sweepFloat` calls `Math.exp` for each uphill
 * attempt that is not hopeless. For integer biases the probabilities depend on `a` only, so
 * `sweepTable` reads a 32-bit threshold from a per-temperature table; `sweepUnit` additionally
 * drops the weight load for unweighted graphs (G-set G1, G22). Entries of `INT32_MIN` mean
 * "never accept" and skip the random draw, which is what makes cold sweeps cheap. Each sweep
 * returns the energy change (kernel units) so callers can track energies without recomputing.
 */

/** Marks a table entry whose acceptance probability is below 2^-32. */
export const NEVER = -2147483648;

/** Acceptance threshold of probability `p` against a signed 32-bit uniform draw `r`: accept iff `r < t`. */
export function thresholdOf(p: number): number {
  const t = Math.floor(p * 4294967296);
  if (t <= 0) return NEVER;
  return Math.min(t, 4294967295) - 2147483648;
}

/**
 * Threshold tables for a list of kernel-unit betas: row `b` has `maxField + 1` entries,
 * entry `a` for an uphill move of `2a`.
 */
export function buildTables(betas: ArrayLike<number>, maxField: number): Int32Array {
  const stride = maxField + 1;
  const t = new Int32Array(betas.length * stride);
  for (let b = 0; b < betas.length; b++) {
    const beta2 = 2 * (betas[b] as number);
    t[b * stride] = 2147483647;
    for (let a = 1; a <= maxField; a++) t[b * stride + a] = thresholdOf(Math.exp(-beta2 * a));
  }
  return t;
}

/** Fills local fields for `state` and returns its energy in kernel units (no offset). */
export function initFields(p: CompiledProblem, s: Int8Array, f: Float64Array | Int32Array): number {
  const { n, offsets, neighbors, weights, h } = p;
  let e = 0;
  for (let i = 0; i < n; i++) {
    let acc = h[i]!;
    let pair = 0;
    for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) {
      const w = weights[k]! * s[neighbors[k]!]!;
      acc += w;
      pair += w;
    }
    f[i] = acc;
    e += s[i]! * (h[i]! + pair / 2);
  }
  return e;
}

/** One sweep with acceptance thresholds from `table` row starting at `base` (integer problems). */
export function sweepTable(p: CompiledProblem, s: Int8Array, f: Int32Array, table: Int32Array, base: number, rng: Int32Array): number {
  const n = p.n;
  const offsets = p.offsets;
  const neighbors = p.neighbors;
  const weights = p.intWeights;
  let x = rng[0]!;
  let y = rng[1]!;
  let z = rng[2]!;
  let r = rng[3]!;
  let dE = 0;
  for (let v = 0; v < n; v++) {
    const sv = s[v]!;
    const a = -sv * f[v]!;
    if (a > 0) {
      const t = table[base + a]!;
      if (t === NEVER) continue;
      const q = x ^ (x << 11);
      x = y;
      y = z;
      z = r;
      r = r ^ (r >>> 19) ^ q ^ (q >>> 8);
      if (r >= t) continue;
    }
    dE += 2 * a;
    const c = -2 * sv;
    for (let k = offsets[v]!, end = offsets[v + 1]!; k < end; k++) f[neighbors[k]!]! += c * weights[k]!;
    s[v] = -sv;
  }
  rng[0] = x;
  rng[1] = y;
  rng[2] = z;
  rng[3] = r;
  return dE;
}

/** {@link sweepTable} for unit couplings and zero fields (no weight loads). */
export function sweepUnit(p: CompiledProblem, s: Int8Array, f: Int32Array, table: Int32Array, base: number, rng: Int32Array): number {
  const n = p.n;
  const offsets = p.offsets;
  const neighbors = p.neighbors;
  let x = rng[0]!;
  let y = rng[1]!;
  let z = rng[2]!;
  let r = rng[3]!;
  let dE = 0;
  for (let v = 0; v < n; v++) {
    const sv = s[v]!;
    const a = -sv * f[v]!;
    if (a > 0) {
      const t = table[base + a]!;
      if (t === NEVER) continue;
      const q = x ^ (x << 11);
      x = y;
      y = z;
      z = r;
      r = r ^ (r >>> 19) ^ q ^ (q >>> 8);
      if (r >= t) continue;
    }
    dE += 2 * a;
    const c = -2 * sv;
    for (let k = offsets[v]!, end = offsets[v + 1]!; k < end; k++) f[neighbors[k]!]! += c;
    s[v] = -sv;
  }
  rng[0] = x;
  rng[1] = y;
  rng[2] = z;
  rng[3] = r;
  return dE;
}

/** One sweep at kernel-unit inverse temperature `beta` with `Math.exp` (any real biases). */
export function sweepFloat(p: CompiledProblem, s: Int8Array, f: Float64Array, beta: number, rng: Int32Array): number {
  const n = p.n;
  const offsets = p.offsets;
  const neighbors = p.neighbors;
  const weights = p.weights;
  const beta2 = 2 * beta;
  // exp(-22.2) < 2^-32: such moves can never win against a 32-bit draw, so skip the draw.
  const hopeless = beta2 > 0 ? 22.2 / beta2 : Infinity;
  let x = rng[0]!;
  let y = rng[1]!;
  let z = rng[2]!;
  let r = rng[3]!;
  let dE = 0;
  for (let v = 0; v < n; v++) {
    const sv = s[v]!;
    const a = -sv * f[v]!;
    if (a > 0) {
      if (a >= hopeless) continue;
      const q = x ^ (x << 11);
      x = y;
      y = z;
      z = r;
      r = r ^ (r >>> 19) ^ q ^ (q >>> 8);
      if ((r >>> 0) * 2.3283064365386963e-10 >= Math.exp(-beta2 * a)) continue;
    }
    dE += 2 * a;
    const c = -2 * sv;
    for (let k = offsets[v]!, end = offsets[v + 1]!; k < end; k++) f[neighbors[k]!]! += c * weights[k]!;
    s[v] = -sv;
  }
  rng[0] = x;
  rng[1] = y;
  rng[2] = z;
  rng[3] = r;
  return dE;
}
