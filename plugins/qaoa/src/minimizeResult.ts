/** What an optimiser of this package returns. */
export interface MinimizeResult {
  /** The best point found. */
  readonly x: Float64Array;
  /** The objective there. */
  readonly f: number;
  /** Iterations (L-BFGS steps, Nelder-Mead simplex updates). */
  readonly iterations: number;
  /** Objective evaluations (with gradient, for L-BFGS). */
  readonly evaluations: number;
  /** Whether a convergence test (rather than an iteration or evaluation cap) stopped it. */
  readonly converged: boolean;
  /** Why it stopped, for reports. */
  readonly reason: string;
  /** The best objective after each iteration, starting with the initial point. */
  readonly history: readonly number[];
}
