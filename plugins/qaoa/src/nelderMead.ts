import type { MinimizeResult } from './minimizeResult.js';

/** Options of {@link minimizeNelderMead}. */
export interface NelderMeadOptions {
  /** Most objective evaluations (default 200 x dimension). */
  readonly maxEvaluations?: number;
  /** Edge length of the initial simplex along each axis (default 0.1). */
  readonly initialStep?: number;
  /** Stop when every vertex is within this of the best, in every coordinate (default 1e-6)... */
  readonly xTolerance?: number;
  /** ... and every vertex's value within this of the best (default 1e-8). */
  readonly fTolerance?: number;
}

/**
 * The Nelder-Mead simplex method with the dimension-adaptive coefficients of Gao and Han
 * (Comput. Optim. Appl. 51, 259, 2012): reflection 1, expansion 1 + 2/n, contraction
 * 0.75 - 1/(2n), shrink 1 - 1/n. Gradient-free, for backends without gradients and for the
 * CVaR objective (which has none worth the name); deterministic.
 */
export function minimizeNelderMead(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: NelderMeadOptions = {}): MinimizeResult {
  const n = x0.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * n;
  const step = options.initialStep ?? 0.1;
  const xtol = options.xTolerance ?? 1e-6;
  const ftol = options.fTolerance ?? 1e-8;
  const rho = 1;
  const chi = 1 + 2 / n;
  const psi = 0.75 - 1 / (2 * n);
  const sigma = 1 - 1 / n;
  let evaluations = 0;
  const value = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  const pts: Float64Array[] = [Float64Array.from(x0)];
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(x0);
    p[i]! += step;
    pts.push(p);
  }
  let vals = pts.map(value);
  const history: number[] = [];
  let iterations = 0;
  let reason = 'maximum evaluations reached';
  let converged = false;
  const order = (): void => {
    const idx = vals.map((_, i) => i).sort((a, b) => vals[a]! - vals[b]! || a - b);
    const p2 = idx.map((i) => pts[i]!);
    const v2 = idx.map((i) => vals[i]!);
    pts.splice(0, pts.length, ...p2);
    vals = v2;
  };
  const combine = (a: Float64Array, wa: number, b: Float64Array, wb: number): Float64Array => Float64Array.from(a, (v, i) => wa * v + wb * b[i]!);
  order();
  history.push(vals[0]!);
  while (evaluations < maxEvaluations) {
    let spread = 0;
    let fspread = 0;
    for (let k = 1; k <= n; k++) {
      fspread = Math.max(fspread, Math.abs(vals[k]! - vals[0]!));
      for (let i = 0; i < n; i++) spread = Math.max(spread, Math.abs(pts[k]![i]! - pts[0]![i]!));
    }
    if (spread <= xtol && fspread <= ftol) {
      reason = 'simplex below tolerance';
      converged = true;
      break;
    }
    const centroid = new Float64Array(n);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i]! += pts[k]![i]! / n;
    const worst = pts[n]!;
    const xr = combine(centroid, 1 + rho, worst, -rho);
    const fr = value(xr);
    if (fr < vals[0]!) {
      const xe = combine(centroid, 1 + rho * chi, worst, -rho * chi);
      const fe = value(xe);
      if (fe < fr) {
        pts[n] = xe;
        vals[n] = fe;
      } else {
        pts[n] = xr;
        vals[n] = fr;
      }
    } else if (fr < vals[n - 1]!) {
      pts[n] = xr;
      vals[n] = fr;
    } else {
      const outside = fr < vals[n]!;
      const xc = outside ? combine(centroid, 1 + psi * rho, worst, -psi * rho) : combine(centroid, 1 - psi, worst, psi);
      const fc = value(xc);
      if (fc <= (outside ? fr : vals[n]!)) {
        pts[n] = xc;
        vals[n] = fc;
      } else {
        for (let k = 1; k <= n; k++) {
          pts[k] = combine(pts[0]!, 1 - sigma, pts[k]!, sigma);
          vals[k] = value(pts[k]!);
        }
      }
    }
    order();
    iterations++;
    history.push(vals[0]!);
  }
  return { x: pts[0]!, f: vals[0]!, iterations, evaluations, converged, reason, history };
}
