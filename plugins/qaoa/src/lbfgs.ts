import type { MinimizeResult } from './minimizeResult.js';

/** The objective and its gradient at a point. */
export type ValueAndGradient = (x: Float64Array) => { readonly f: number; readonly g: ArrayLike<number> };

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Most iterations (default 200). */
  readonly maxIterations?: number;
  /** Most objective + gradient evaluations, line searches included (default 20 x maxIterations). */
  readonly maxEvaluations?: number;
  /** Correction pairs kept (default 10). */
  readonly memory?: number;
  /** Stop when the largest gradient component is below this (default 1e-6). */
  readonly gradientTolerance?: number;
  /** Stop when an iteration lowers f by less than this, relative to max(|f|, 1) (default 1e-12). */
  readonly valueTolerance?: number;
}

interface Point {
  readonly a: number;
  readonly f: number;
  readonly g: Float64Array;
  readonly slope: number;
}

const C1 = 1e-4;
const C2 = 0.9;

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** The minimiser of the cubic through (a, fa, da) and (b, fb, db), kept inside [lo + 10%, hi - 10%]; bisection when it has none. */
function cubicStep(lo: Point, hi: Point): number {
  const d1 = lo.slope + hi.slope - (3 * (lo.f - hi.f)) / (lo.a - hi.a);
  const disc = d1 * d1 - lo.slope * hi.slope;
  const left = Math.min(lo.a, hi.a);
  const right = Math.max(lo.a, hi.a);
  const margin = 0.1 * (right - left);
  if (disc >= 0) {
    const d2 = Math.sign(hi.a - lo.a) * Math.sqrt(disc);
    const a = hi.a - ((hi.a - lo.a) * (hi.slope + d2 - d1)) / (hi.slope - lo.slope + 2 * d2);
    if (Number.isFinite(a) && a >= left + margin && a <= right - margin) return a;
  }
  return (lo.a + hi.a) / 2;
}

/**
 * Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, 2nd ed., Algorithms 7.4 and 7.5)
 * with a line search for the strong Wolfe conditions (their Algorithms 3.5 and 3.6, c1 = 1e-4,
 * c2 = 0.9, cubic interpolation in the zoom). Unconstrained; deterministic.
 *
 * Design note: no npm optimiser was both maintained and usable here (see the README); this is
 * the textbook method, tested on Rosenbrock's function and quadratics against their known minima.
 */
export function minimizeLbfgs(fg: ValueAndGradient, x0: ArrayLike<number>, options: LbfgsOptions = {}): MinimizeResult {
  const maxIterations = options.maxIterations ?? 200;
  const maxEvaluations = options.maxEvaluations ?? 20 * maxIterations;
  const m = options.memory ?? 10;
  const gtol = options.gradientTolerance ?? 1e-6;
  const ftol = options.valueTolerance ?? 1e-12;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let evaluations = 0;
  const evaluate = (at: Float64Array): { f: number; g: Float64Array } => {
    evaluations++;
    const r = fg(at);
    return { f: r.f, g: Float64Array.from(r.g) };
  };
  let { f, g } = evaluate(x);
  const history = [f];
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let iterations = 0;
  let reason = 'maximum iterations reached';
  let converged = false;
  const trial = new Float64Array(n);

  const lineSearch = (d: Float64Array, a0: number): Point | undefined => {
    const slope0 = dot(g, d);
    const at = (a: number): Point => {
      for (let i = 0; i < n; i++) trial[i] = x[i]! + a * d[i]!;
      const r = evaluate(trial);
      return { a, f: r.f, g: r.g, slope: dot(r.g, d) };
    };
    const origin: Point = { a: 0, f, g, slope: slope0 };
    const zoom = (lo: Point, hi: Point): Point | undefined => {
      for (let j = 0; j < 30 && evaluations < maxEvaluations; j++) {
        const c = at(cubicStep(lo, hi));
        if (c.f > f + C1 * c.a * slope0 || c.f >= lo.f) hi = c;
        else {
          if (Math.abs(c.slope) <= -C2 * slope0) return c;
          if (c.slope * (hi.a - lo.a) >= 0) hi = lo;
          lo = c;
        }
        if (Math.abs(hi.a - lo.a) < 1e-16 * Math.max(1, lo.a)) break;
      }
      // Accept the best point with sufficient decrease even without the curvature condition.
      return lo.a > 0 ? lo : undefined;
    };
    let prev = origin;
    let a = a0;
    for (let i = 0; i < 30 && evaluations < maxEvaluations; i++) {
      const c = at(a);
      if (!Number.isFinite(c.f) || c.f > f + C1 * a * slope0 || (i > 0 && c.f >= prev.f)) return zoom(prev, c);
      if (Math.abs(c.slope) <= -C2 * slope0) return c;
      if (c.slope >= 0) return zoom(c, prev);
      prev = c;
      a *= 2;
    }
    return prev.a > 0 ? prev : undefined;
  };

  while (iterations < maxIterations) {
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(g[i]!));
    if (gmax <= gtol) {
      reason = 'gradient below tolerance';
      converged = true;
      break;
    }
    if (evaluations >= maxEvaluations) {
      reason = 'maximum evaluations reached';
      break;
    }
    // Two-loop recursion: d = -H g.
    const d = Float64Array.from(g, (v) => -v);
    const alpha = new Float64Array(S.length);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, d);
      for (let i = 0; i < n; i++) d[i]! -= alpha[k]! * Y[k]![i]!;
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const scale = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let i = 0; i < n; i++) d[i]! *= scale;
    }
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k]! * dot(Y[k]!, d);
      for (let i = 0; i < n; i++) d[i]! += S[k]![i]! * (alpha[k]! - beta);
    }
    let a0 = 1;
    if (S.length === 0 || dot(d, g) >= 0) {
      // First step or a lost descent direction: steepest descent, first trial step of length 1.
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      a0 = Math.min(1, 1 / Math.sqrt(dot(g, g)));
    }
    const step = lineSearch(d, a0);
    if (!step) {
      if (S.length > 0) {
        S.length = Y.length = rho.length = 0;
        continue;
      }
      reason = 'line search found no decrease';
      break;
    }
    iterations++;
    const s = Float64Array.from(d, (v) => step.a * v);
    const y = Float64Array.from(step.g, (v, i) => v - g[i]!);
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const decrease = f - step.f;
    x = Float64Array.from(x, (v, i) => v + s[i]!);
    f = step.f;
    g = step.g;
    history.push(f);
    if (decrease <= ftol * Math.max(Math.abs(f), 1)) {
      reason = 'objective change below tolerance';
      converged = true;
      break;
    }
  }
  return { x, f, iterations, evaluations, converged, reason, history };
}
