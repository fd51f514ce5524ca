import { ExtrapolationError } from './extrapolationError.js';
import { solveLinear } from './linearSolve.js';

/** The least-squares fit of `a + b e^{-c x}`, with the derivative of `a + b` (its value at x = 0) by each y. */
export interface ExpFitResult {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  /** `a + b`: the fit at zero noise. */
  readonly value: number;
  /** `d value / d y_k`, by the implicit function theorem at the optimum. */
  readonly gradient: Float64Array;
}

/** For fixed c, a and b enter linearly: solve the 2x2 normal equations; returns [a, b, residual sum of squares]. */
function linearPart(x: readonly number[], y: readonly number[], c: number): [number, number, number] {
  let s1 = 0, sp = 0, spp = 0, sy = 0, spy = 0;
  for (let k = 0; k < x.length; k++) {
    const p = Math.exp(-c * x[k]!);
    s1 += 1;
    sp += p;
    spp += p * p;
    sy += y[k]!;
    spy += p * y[k]!;
  }
  const det = s1 * spp - sp * sp;
  if (!(Math.abs(det) > 1e-300)) return [NaN, NaN, Infinity];
  const a = (spp * sy - sp * spy) / det;
  const b = (s1 * spy - sp * sy) / det;
  let rss = 0;
  for (let k = 0; k < x.length; k++) rss += (a + b * Math.exp(-c * x[k]!) - y[k]!) ** 2;
  return [a, b, rss];
}

const GRID = 80;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * Fits `y = a + b e^{-c x}` (c > 0) by least squares, as Mitiq's `ExpFactory` without an
 * asymptote does with `curve_fit`. Here a and b are solved exactly for each c (variable
 * projection), c is found by a log-spaced scan then a golden-section search on log c, and a few
 * Newton steps on (a, b, c) polish the optimum. The gradient of `a + b` with respect to the data
 * comes from the optimality condition `J^T r = 0`: `d theta / d y = H^-1 J^T` with the full
 * Hessian `H = J^T J + sum_k r_k grad^2 f_k`.
 *
 * Data that do not decay (the best c runs to 0 or to infinity) throw an ExtrapolationError that
 * names the alternatives.
 */
export function fitExponential(x: readonly number[], y: readonly number[]): ExpFitResult {
  const m = x.length;
  const xmin = Math.min(...x), xmax = Math.max(...x);
  const span = xmax - xmin;
  const ymax = Math.max(...y), ymin = Math.min(...y);
  if (ymax - ymin <= 1e-12 * Math.max(1, Math.abs(ymax))) {
    // Flat data (a noise-free backend): the value is the common one; any weights that sum to 1 are
    // a valid derivative there, and equal weights keep a noise-free gradient exact.
    const mean = y.reduce((s, v) => s + v, 0) / m;
    return { a: mean, b: 0, c: 0, value: mean, gradient: new Float64Array(m).fill(1 / m) };
  }
  const lo = Math.log(1e-4 / span), hi = Math.log(50 / span);
  let best = 0, bestR = Infinity;
  const logc = (i: number): number => lo + ((hi - lo) * i) / (GRID - 1);
  for (let i = 0; i < GRID; i++) {
    const r = linearPart(x, y, Math.exp(logc(i)))[2];
    if (r < bestR) {
      bestR = r;
      best = i;
    }
  }
  if (best === 0 || best === GRID - 1) {
    throw new ExtrapolationError({
      what: `the values ${y.map((v) => v.toPrecision(6)).join(', ')} at scale factors ${x.join(', ')} do not fit a + b e^(-c x)`,
      why: best === 0 ? 'the best fit has c -> 0 (the data are linear or curve away from a decay)' : 'the best fit has c -> infinity (the data jump and are flat)',
      fix: 'Use the linear or richardson factory, or exp with a known asymptote',
    });
  }
  let l = logc(best - 1), h = logc(best + 1);
  let c1 = h - GOLDEN * (h - l), c2 = l + GOLDEN * (h - l);
  let r1 = linearPart(x, y, Math.exp(c1))[2], r2 = linearPart(x, y, Math.exp(c2))[2];
  for (let it = 0; it < 200 && h - l > 1e-14; it++) {
    if (r1 < r2) {
      h = c2; c2 = c1; r2 = r1;
      c1 = h - GOLDEN * (h - l);
      r1 = linearPart(x, y, Math.exp(c1))[2];
    } else {
      l = c1; c1 = c2; r1 = r2;
      c2 = l + GOLDEN * (h - l);
      r2 = linearPart(x, y, Math.exp(c2))[2];
    }
  }
  let c = Math.exp((l + h) / 2);
  let [a, b] = linearPart(x, y, c);
  const hessianAt = (aa: number, bb: number, cc: number): { H: number[][]; J: number[][]; r: number[] } => {
    const H = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
    const J: number[][] = [];
    const r: number[] = [];
    for (let k = 0; k < m; k++) {
      const xk = x[k]!;
      const p = Math.exp(-cc * xk);
      const jk = [1, p, -bb * xk * p];
      const rk = aa + bb * p - y[k]!;
      J.push(jk);
      r.push(rk);
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) H[i]![j]! += jk[i]! * jk[j]!;
      H[1]![2]! += rk * -xk * p;
      H[2]![1]! += rk * -xk * p;
      H[2]![2]! += rk * bb * xk * xk * p;
    }
    return { H, J, r };
  };
  for (let it = 0; it < 5; it++) {
    const { H, J, r } = hessianAt(a, b, c);
    const g = [0, 1, 2].map((i) => J.reduce((s, jk, k) => s + jk[i]! * r[k]!, 0));
    const step = solveLinear(H, g);
    if (!step) break;
    const [na, nb, nc] = [a - step[0]!, b - step[1]!, c - step[2]!];
    const rssNew = J.reduce((s, _, k) => s + (na + nb * Math.exp(-nc * x[k]!) - y[k]!) ** 2, 0);
    const rssOld = r.reduce((s, v) => s + v * v, 0);
    if (!(nc > 0) || !(rssNew <= rssOld)) break;
    [a, b, c] = [na, nb, nc];
  }
  const { H, J } = hessianAt(a, b, c);
  const z = solveLinear(H, [1, 1, 0]);
  if (!z) {
    throw new ExtrapolationError({ what: 'the exponential fit is degenerate at its optimum', why: 'its Hessian is singular, so the zero-noise value does not depend smoothly on the data', fix: 'Use more or different scale factors, or the linear or richardson factory' });
  }
  const gradient = Float64Array.from(J, (jk) => jk[0]! * z[0]! + jk[1]! * z[1]! + jk[2]! * z[2]!);
  return { a, b, c, value: a + b, gradient };
}
