import type { IsingModel } from '@hqml/core';

/** A beta range `[hot, cold]` (inverse temperatures in the model's energy units). */
export type BetaRange = readonly [number, number];

/**
 * dwave-neal's default beta range for an Ising problem: hot enough that the spin with the
 * largest total coupling (|h_i| + sum_j |J_ij|) flips against its whole field with probability
 * 1/2, `hot = ln 2 / (2 max_i field_i)`; cold enough that the weakest excitation (the smallest
 * non-zero |bias| of any spin, `m`) is taken with probability 1% per sweep summed over the
 * `c` spins that share it, `cold = ln(c / 0.01) / (2 m)`. A problem without biases gets
 * neal's `[0.1, 1]`.
 */
export function defaultBetaRange(model: IsingModel): BetaRange {
  const n = model.numVariables;
  const sumAbs = new Float64Array(n);
  const minAbs = new Float64Array(n).fill(Infinity);
  const h = model.linear;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(h[i]!);
    sumAbs[i] = a;
    if (a > 0) minAbs[i] = a;
  }
  for (let k = 0; k < model.values.length; k++) {
    const a = Math.abs(model.values[k]!);
    for (const i of [model.heads[k]!, model.tails[k]!]) {
      sumAbs[i]! += a;
      if (a > 0 && a < minAbs[i]!) minAbs[i] = a;
    }
  }
  let maxField = 0;
  let minField = Infinity;
  for (let i = 0; i < n; i++) {
    maxField = Math.max(maxField, sumAbs[i]!);
    minField = Math.min(minField, minAbs[i]!);
  }
  if (!Number.isFinite(minField)) return [0.1, 1];
  let count = 0;
  for (let i = 0; i < n; i++) if (minAbs[i] === minField) count++;
  const hot = Math.log(2) / (2 * maxField);
  const cold = Math.log(count / 0.01) / (2 * minField);
  return [hot, cold];
}

/** Schedule shapes, as in neal: geometric (`np.geomspace`) or linear (`np.linspace`). */
export type ScheduleType = 'geometric' | 'linear';

/** `count` betas from `range[0]` to `range[1]` inclusive. */
export function betaSchedule(range: BetaRange, count: number, type: ScheduleType): Float64Array {
  const [a, b] = range;
  const out = new Float64Array(count);
  if (count === 1) {
    out[0] = b;
    return out;
  }
  for (let k = 0; k < count; k++) {
    const t = k / (count - 1);
    out[k] = type === 'linear' ? a + (b - a) * t : a * Math.pow(b / a, t);
  }
  return out;
}

/**
 * The typical local-field scale of a problem: the median over spins of
 * `sqrt(h_i^2 + sum_j J_ij^2)` (the field's spread for random neighbours), ignoring spins with
 * no bias at all; 1 for a problem without biases. SQA's default temperature and transverse
 * field are set relative to it, so they do not depend on the units of the biases.
 */
export function fieldScale(model: IsingModel): number {
  // Squares are taken of biases divided by the largest one, so biases up to core's energy
  // limit (1e300) do not overflow.
  let big = 0;
  for (const v of model.linear) big = Math.max(big, Math.abs(v));
  for (const v of model.values) big = Math.max(big, Math.abs(v));
  if (big === 0) return 1;
  const sq = Float64Array.from(model.linear, (v) => (v / big) ** 2);
  for (let k = 0; k < model.values.length; k++) {
    const v = (model.values[k]! / big) ** 2;
    sq[model.heads[k]!]! += v;
    sq[model.tails[k]!]! += v;
  }
  const nz = Array.from(sq).filter((v) => v > 0).sort((a, b) => a - b);
  if (nz.length === 0) return 1;
  return Math.sqrt(nz[Math.floor(nz.length / 2)]!) * big;
}
