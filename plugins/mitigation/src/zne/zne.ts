import { type Circuit, ValidationError, describeValue } from '@hqml/core';
import { type Extrapolation, type Factory, RichardsonFactory, isLinearCombination } from './factories.js';
import { FOLDING_METHODS, type FoldingMethod, foldCircuit } from './folding.js';

/** Options of zero-noise extrapolation; every field has a stated default. */
export interface ZneOptions {
  /**
   * Noise scale factors, each >= 1 (default [1, 3, 5]: odd factors fold every circuit exactly,
   * whatever its gate count; Mitiq's default [1, 2, 3] folds half the gates at 2, which on a
   * 1-gate circuit reaches 3 and measured worse here, see the README).
   */
  readonly scaleFactors?: readonly number[];
  /** How noise is scaled (default `random`: folding gates at random, Mitiq's default). */
  readonly folding?: FoldingMethod;
  /** The extrapolation (default Richardson, Mitiq's). */
  readonly factory?: Factory;
  /** Seed of random folding (default 0); scale factor k folds with `seed + k`. */
  readonly seed?: number;
}

/** ZNE options with the defaults filled in. */
export interface ResolvedZneOptions {
  readonly scaleFactors: readonly number[];
  readonly folding: FoldingMethod;
  readonly factory: Factory;
  readonly seed: number;
}

/** The default scale factors: odd integers, which every circuit reaches exactly. */
export const DEFAULT_SCALE_FACTORS: readonly number[] = Object.freeze([1, 3, 5]);

/** Fills in defaults and validates (scale factors, folding method, the factory's own needs) before any circuit runs. */
export function resolveZneOptions(options: ZneOptions = {}): ResolvedZneOptions {
  const scaleFactors = options.scaleFactors ?? DEFAULT_SCALE_FACTORS;
  const folding = options.folding ?? 'random';
  const factory = options.factory ?? new RichardsonFactory();
  const seed = options.seed ?? 0;
  if (!FOLDING_METHODS.includes(folding)) {
    throw new ValidationError({ what: `folding ${describeValue(folding)}`, why: `folding methods are ${FOLDING_METHODS.join(', ')}`, fix: 'Use "random" (default) or "global"' });
  }
  if (!Number.isSafeInteger(seed)) throw new ValidationError({ what: `ZNE seed ${describeValue(seed)}`, why: 'seeds are integers', fix: 'Pass e.g. seed: 0' });
  factory.check(scaleFactors);
  return Object.freeze({ scaleFactors: Object.freeze([...scaleFactors]), folding, factory, seed });
}

/** The circuits to run and the scale factors they reached (the first half of ZNE, pure). */
export interface ZneCircuits {
  readonly circuits: readonly Circuit[];
  /** The reached scale factors (folded gates / gates), used for the extrapolation. */
  readonly scales: readonly number[];
}

/**
 * Builds the noise-scaled circuits (Mitiq's `construct_circuits`). The extrapolation uses the
 * scale each folded circuit reached, which equals the requested factor for odd integers; two
 * requested factors that fold to the same circuit are a ValidationError of the factory.
 */
export function constructCircuits(circuit: Circuit, options: ZneOptions = {}): ZneCircuits {
  const o = resolveZneOptions(options);
  const folded = o.scaleFactors.map((s, k) => foldCircuit(circuit, s, o.folding, o.seed + k));
  const scales = folded.map((f) => f.scale);
  o.factory.check(scales);
  return { circuits: folded.map((f) => f.circuit), scales };
}

/**
 * Combines results measured at the scale factors (Mitiq's `combine_results`, pure): `values[k]`
 * holds every output (e.g. batch x observables) at `scales[k]`; each output is extrapolated on
 * its own. Returns the zero-noise values and, per scale factor, the derivative of each zero-noise
 * value by the value measured there (what a vector-Jacobian product needs).
 */
export function combineResults(scales: readonly number[], values: readonly ArrayLike<number>[], factory: Factory): { value: Float64Array; gradients: Float64Array[] } {
  const m = scales.length;
  if (values.length !== m) {
    throw new ValidationError({ what: `combineResults got ${values.length} result arrays for ${m} scale factors`, why: 'there is one result array per scale factor' });
  }
  const n = values[0]?.length ?? 0;
  if (values.some((v) => v.length !== n)) throw new ValidationError({ what: 'combineResults got result arrays of different lengths', why: 'every scale factor measures the same outputs' });
  const value = new Float64Array(n);
  const gradients = Array.from({ length: m }, () => new Float64Array(n));
  if (isLinearCombination(factory)) {
    const w = factory.weights(scales);
    for (let k = 0; k < m; k++) {
      const vk = values[k]!, wk = w[k]!;
      gradients[k]!.fill(wk);
      for (let i = 0; i < n; i++) value[i]! += wk * vk[i]!;
    }
    return { value, gradients };
  }
  const ys = new Array<number>(m);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < m; k++) ys[k] = values[k]![i]!;
    const e: Extrapolation = factory.extrapolate(scales, ys);
    value[i] = e.value;
    for (let k = 0; k < m; k++) gradients[k]![i] = e.gradient[k]!;
  }
  return { value, gradients };
}

/**
 * Zero-noise extrapolation with any executor (Mitiq's `execute_with_zne`): `executor` runs one
 * circuit and returns its outputs (a number, or an array such as batch x observables, e.g. shot
 * estimates); they are extrapolated output by output.
 */
export function executeWithZne(circuit: Circuit, executor: (c: Circuit) => number | ArrayLike<number>, options: ZneOptions = {}): Float64Array {
  const o = resolveZneOptions(options);
  const { circuits, scales } = constructCircuits(circuit, o);
  const values = circuits.map((c) => {
    const v = executor(c);
    return typeof v === 'number' ? [v] : v;
  });
  return combineResults(scales, values, o.factory).value;
}
