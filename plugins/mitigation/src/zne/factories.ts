import { ValidationError, describeValue } from '@hqml/core';
import { fitExponential } from './expFit.js';
import { ExtrapolationError } from './extrapolationError.js';
import { solveLinear } from './linearSolve.js';

/** A zero-noise value and its derivative by each measured value (what a VJP needs). */
export interface Extrapolation {
  readonly value: number;
  /** `d value / d values[k]`. */
  readonly gradient: Float64Array;
}

/**
 * An extrapolation to zero noise from values measured at noise scale factors (Mitiq's
 * `Factory`). Factories are values: pass one in, or name one in the plugin options.
 */
export interface Factory {
  /** A short name for reports, e.g. `richardson`, `poly(2)`, `exp(asymptote=0)`. */
  readonly name: string;
  /** Throws a ValidationError, before any circuit runs, when these scale factors cannot be used. */
  check(scales: readonly number[]): void;
  /** The zero-noise value from `values[k]` measured at `scales[k]`, and its gradient. */
  extrapolate(scales: readonly number[], values: readonly number[]): Extrapolation;
}

/**
 * A factory whose zero-noise value is a fixed linear combination `sum_k w_k values[k]` of the
 * measured values (Linear, Poly, Richardson): the weights depend on the scale factors only, so a
 * whole batch is combined at once and its VJP is the same combination of VJPs.
 */
export interface LinearCombinationFactory extends Factory {
  weights(scales: readonly number[]): Float64Array;
}

/** Capability query: is the zero-noise value a fixed linear combination of the measured values? */
export function isLinearCombination(f: Factory): f is LinearCombinationFactory {
  return typeof (f as Partial<LinearCombinationFactory>).weights === 'function';
}

function checkCommon(name: string, scales: readonly number[], minPoints: number, fix: string): void {
  if (!Array.isArray(scales) || scales.length < minPoints) {
    throw new ValidationError({
      what: `the ${name} factory got ${describeValue(scales)} as scale factors`,
      why: `it needs at least ${minPoints} scale factors`,
      fix,
    });
  }
  for (const s of scales) {
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 1) {
      throw new ValidationError({ what: `scale factor ${describeValue(s)}`, why: 'noise can only be scaled up: scale factors are finite numbers >= 1', fix: 'Use factors such as [1, 2, 3]' });
    }
  }
}

function distinctCount(scales: readonly number[]): number {
  return new Set(scales.map((s) => s.toPrecision(12))).size;
}

/**
 * Least-squares polynomial of degree `order` through the points, evaluated at zero:
 * `w = V (V^T V)^-1 e_0` for the Vandermonde matrix V.
 */
export class PolyFactory implements LinearCombinationFactory {
  readonly name: string;

  constructor(readonly order: number) {
    if (!Number.isInteger(order) || order < 1) {
      throw new ValidationError({ what: `poly factory order ${describeValue(order)}`, why: 'the order is an integer >= 1', fix: 'Use order 1 (linear), 2 or 3' });
    }
    this.name = order === 1 ? 'linear' : `poly(${order})`;
  }

  check(scales: readonly number[]): void {
    checkCommon(this.name, scales, Math.max(2, this.order + 1), `Pass at least ${this.order + 1} scale factors, or lower the order`);
    if (distinctCount(scales) < this.order + 1) {
      throw new ValidationError({
        what: `the ${this.name} factory got scale factors ${scales.join(', ')}`,
        why: `a degree-${this.order} fit needs ${this.order + 1} distinct scale factors`,
        fix: 'Use more distinct factors (with few gates, close fractional factors fold to the same circuit)',
      });
    }
  }

  weights(scales: readonly number[]): Float64Array {
    this.check(scales);
    const d = this.order + 1;
    const V = scales.map((x) => Array.from({ length: d }, (_, j) => x ** j));
    const G = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (__, j) => V.reduce((s, row) => s + row[i]! * row[j]!, 0)));
    const z = solveLinear(G, Array.from({ length: d }, (_, i) => (i === 0 ? 1 : 0)));
    if (!z) throw new ExtrapolationError({ what: `the ${this.name} fit at scale factors ${scales.join(', ')} is singular`, fix: 'Use scale factors further apart or a lower order' });
    return Float64Array.from(V, (row) => row.reduce((s, v, j) => s + v * z[j]!, 0));
  }

  extrapolate(scales: readonly number[], values: readonly number[]): Extrapolation {
    const w = this.weights(scales);
    return { value: w.reduce((s, wk, k) => s + wk * values[k]!, 0), gradient: w };
  }
}

/** Linear least-squares fit (Mitiq's `LinearFactory`); at [1, 2, 3] the intercept is `(4 y1 + y2 - 2 y3) / 3`. */
export class LinearFactory extends PolyFactory {
  constructor() {
    super(1);
  }
}

/**
 * Richardson extrapolation (Mitiq's `RichardsonFactory`): the interpolating polynomial through
 * all points, at zero. Its weights are Lagrange's, `w_k = prod_{j != k} x_j / (x_j - x_k)`:
 * (3, -3, 1) at [1, 2, 3] and (15/8, -5/4, 3/8) at [1, 3, 5].
 */
export class RichardsonFactory implements LinearCombinationFactory {
  readonly name = 'richardson';

  check(scales: readonly number[]): void {
    checkCommon(this.name, scales, 2, 'Pass at least 2 scale factors, e.g. [1, 2, 3]');
    if (distinctCount(scales) !== scales.length) {
      throw new ValidationError({
        what: `the richardson factory got scale factors ${scales.join(', ')}`,
        why: 'interpolation through every point needs distinct scale factors',
        fix: 'Remove repeated factors (with few gates, close fractional factors fold to the same circuit; use odd integers)',
      });
    }
  }

  weights(scales: readonly number[]): Float64Array {
    this.check(scales);
    return Float64Array.from(scales, (xk, k) => scales.reduce((p, xj, j) => (j === k ? p : (p * xj) / (xj - xk)), 1));
  }

  extrapolate(scales: readonly number[], values: readonly number[]): Extrapolation {
    const w = this.weights(scales);
    return { value: w.reduce((s, wk, k) => s + wk * values[k]!, 0), gradient: w };
  }
}

/** Options of {@link ExpFactory}. */
export interface ExpFactoryOptions {
  /** The value at infinite noise (0 for a Pauli expectation under depolarizing noise), when known. */
  readonly asymptote?: number;
}

/**
 * Exponential extrapolation `a + b e^{-c x}` (Mitiq's `ExpFactory`). With a known asymptote `a`
 * the fit is linearised, `ln|y - a| = ln|b| - c x` by least squares (2+ scale factors), and the
 * gradient follows by the chain rule; without one it is a nonlinear least-squares fit (3+ scale
 * factors), differentiated at the optimum (see {@link fitExponential}).
 */
export class ExpFactory implements Factory {
  readonly name: string;
  readonly asymptote: number | undefined;
  private readonly line = new LinearFactory();

  constructor(options: ExpFactoryOptions = {}) {
    const a = options.asymptote;
    if (a !== undefined && (typeof a !== 'number' || !Number.isFinite(a))) {
      throw new ValidationError({ what: `exp factory asymptote ${describeValue(a)}`, why: 'the asymptote is a finite number', fix: 'Pass e.g. asymptote: 0, or leave it out to fit it' });
    }
    this.asymptote = a;
    this.name = a === undefined ? 'exp' : `exp(asymptote=${a})`;
  }

  check(scales: readonly number[]): void {
    if (this.asymptote !== undefined) return this.line.check(scales);
    checkCommon(this.name, scales, 3, 'Pass at least 3 scale factors (a, b and c are fitted), or give the asymptote');
    if (distinctCount(scales) < 3) {
      throw new ValidationError({ what: `the exp factory got scale factors ${scales.join(', ')}`, why: 'fitting a, b and c needs 3 distinct scale factors', fix: 'Use e.g. [1, 2, 3], or give the asymptote' });
    }
  }

  extrapolate(scales: readonly number[], values: readonly number[]): Extrapolation {
    this.check(scales);
    const a = this.asymptote;
    if (a === undefined) {
      const fit = fitExponential(scales, values);
      return { value: fit.value, gradient: fit.gradient };
    }
    const shifted = values.map((v) => v - a);
    const sign = shifted.reduce((s, v) => s + v, 0) >= 0 ? 1 : -1;
    if (shifted.some((v) => !(sign * v > 0))) {
      throw new ExtrapolationError({
        what: `the values ${values.map((v) => v.toPrecision(6)).join(', ')} are not all on one side of the asymptote ${a}`,
        why: 'the linearised exponential fit takes the log of |value - asymptote|',
        fix: 'Use the linear or richardson factory, or exp without an asymptote',
      });
    }
    const w = this.line.weights(scales);
    const logs = shifted.map((v) => Math.log(sign * v));
    const intercept = w.reduce((s, wk, k) => s + wk * logs[k]!, 0);
    const e = sign * Math.exp(intercept);
    return { value: a + e, gradient: Float64Array.from(w, (wk, k) => (e * wk) / shifted[k]!) };
  }
}
