import type { IsingModel } from '@hqml/core';

/**
 * An Ising model compiled for the sweep kernels: CSR adjacency and fields in "kernel units".
 *
 * Design note: when every bias is an integer (after dividing by their greatest common divisor,
 * which G-set and most Max-Cut/QUBO instances allow), local fields are small integers and the
 * kernels can look acceptance thresholds up in a table instead of calling `Math.exp` per
 * attempt. `scale` converts back: an energy in original units is `scale * kernelEnergy`, so a
 * temperature `beta` becomes `beta * scale` inside the kernels.
 */
export interface CompiledProblem {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
  /** Couplings in kernel units (integers when `integer`). */
  readonly weights: Float64Array;
  /** Fields in kernel units. */
  readonly h: Float64Array;
  /** Whether all biases are integers in kernel units (and small enough for a lookup table). */
  readonly integer: boolean;
  /** `weights` as 32-bit integers when `integer` (empty otherwise). */
  readonly intWeights: Int32Array;
  /** `h` as 32-bit integers when `integer` (empty otherwise). */
  readonly intH: Int32Array;
  /** Whether every coupling is exactly +1 in kernel units and h = 0 (unweighted Max-Cut). */
  readonly unitWeights: boolean;
  /** Original units per kernel unit. */
  readonly scale: number;
  /** max_i (|h_i| + sum_j |J_ij|) in kernel units: the largest local field magnitude. */
  readonly maxField: number;
}

/** Largest table of acceptance thresholds per temperature (entries = maxField + 1). */
export const MAX_TABLE_FIELD = 4096;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Compiles a model for the kernels (no copy of the model is changed). */
export function compileProblem(model: IsingModel): CompiledProblem {
  const n = model.numVariables;
  const csr = model.adjacency();
  const h = model.linear;
  let allInt = true;
  let g = 0;
  for (const v of h) {
    if (!Number.isSafeInteger(v)) allInt = false;
    else if (v !== 0) g = gcd(g, Math.abs(v));
  }
  for (const v of csr.weights) {
    if (!Number.isSafeInteger(v)) allInt = false;
    else if (v !== 0) g = gcd(g, Math.abs(v));
  }
  const scale = allInt && g > 0 ? g : 1;
  const weights = Float64Array.from(csr.weights, (w) => w / scale);
  const hk = Float64Array.from(h, (v) => v / scale);
  let maxField = 0;
  for (let i = 0; i < n; i++) {
    let f = Math.abs(hk[i]!);
    for (let k = csr.offsets[i]!; k < csr.offsets[i + 1]!; k++) f += Math.abs(weights[k]!);
    if (f > maxField) maxField = f;
  }
  const integer = allInt && maxField <= MAX_TABLE_FIELD;
  let unitWeights = integer && hk.every((v) => v === 0);
  if (unitWeights) for (const w of weights) if (w !== 1) unitWeights = false;
  const intWeights = integer ? Int32Array.from(weights) : new Int32Array(0);
  const intH = integer ? Int32Array.from(hk) : new Int32Array(0);
  return { n, offsets: csr.offsets, neighbors: csr.neighbors, weights, h: hk, integer, intWeights, intH, unitWeights, scale, maxField };
}
