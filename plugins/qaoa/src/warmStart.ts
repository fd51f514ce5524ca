import { ValidationError, describeValue } from '@hqml/core';

/** The default regularisation of the warm start (Egger, Marecek and Woerner 2021; Qiskit's default). */
export const DEFAULT_WARM_START_EPSILON = 0.25;

/**
 * Rotation angles of the warm start of Egger, Marecek and Woerner (Quantum 5, 479, 2021): each
 * qubit starts in `RY(theta_i)|0>` with `theta_i = 2 asin(sqrt(c_i))`, where `c_i` (the relaxed
 * or predicted probability that variable i is 1, i.e. spin +1) is first clipped to
 * `[epsilon, 1 - epsilon]`, so that no qubit starts in a basis state the mixer cannot leave.
 *
 * `epsilon` must lie in [0, 0.5]; 0.5 makes every qubit start in |+> (standard QAOA).
 */
export function warmStartThetas(c: ArrayLike<number>, epsilon: number = DEFAULT_WARM_START_EPSILON): Float64Array {
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon < 0 || epsilon > 0.5) {
    throw new ValidationError({ what: `warm-start epsilon is ${describeValue(epsilon)}`, why: 'epsilon clips c to [epsilon, 1 - epsilon] and must lie in [0, 0.5]', fix: 'Pass e.g. 0.25 (the default)' });
  }
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const v = c[i];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new ValidationError({ what: `warmStart[${i}] is ${describeValue(v)}`, why: 'a warm start gives each variable the probability of being 1 (spin +1), a number in [0, 1]', fix: 'Pass probabilities, e.g. a network output or a relaxed solution' });
    }
    const clipped = Math.min(1 - epsilon, Math.max(epsilon, v));
    out[i] = 2 * Math.asin(Math.sqrt(clipped));
  }
  return out;
}
