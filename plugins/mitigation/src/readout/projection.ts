/**
 * The nearest probability distribution to `v` in Euclidean distance: `max(v - theta, 0)` with
 * the threshold theta that makes it sum to 1 (the sort-based algorithm of Held, Wolfe and
 * Crowder; Duchi et al. 2008). Mitiq's `mitigate_measurements` projects the same way (its
 * docstring says total variation, its code minimises L2).
 */
export function projectToSimplex(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  const u = Float64Array.from(v).sort().reverse();
  let cum = 0;
  let theta = 0;
  for (let j = 0; j < n; j++) {
    cum += u[j]!;
    const t = (cum - 1) / (j + 1);
    if (u[j]! - t > 0) theta = t;
  }
  return Float64Array.from(v, (x) => Math.max(x - theta, 0));
}

/** {@link projectToSimplex} on each row of `rows x K` values. */
export function projectRows(p: Float64Array, rows: number): Float64Array {
  const K = p.length / rows;
  const out = new Float64Array(p.length);
  for (let r = 0; r < rows; r++) out.set(projectToSimplex(p.subarray(r * K, (r + 1) * K)), r * K);
  return out;
}
