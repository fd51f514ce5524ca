import { type Observable, observable, type PauliTerm, type ReadoutError, ResourceError } from '@hqml/core';
import { checkReadoutError } from './confusion.js';

/** Longest Pauli string whose readout inverse is expanded (2^k terms each). */
export const MAX_MITIGATED_FACTORS = 20;

/**
 * The observable whose measured (readout-noisy) expectation equals the noise-free expectation of
 * `obs`. A measured sign of qubit q has mean `a_q + b_q (-1)^t` for true bit t, with
 * `a = p01 - p10`, `b = 1 - p01 - p10`; so `(Z_meas - a) / b` is unbiased for the true sign, and
 * with independent (tensored) errors a Pauli string's product expands into its substrings:
 * `prod_q (alpha_q + beta_q Z_q) = sum_S prod_{q in S} beta_q prod_{q not in S} alpha_q P_S`,
 * `alpha = -a / b`, `beta = 1 / b`. Expectation values are linear in the observable, so the
 * mitigated value and its gradient come from one call on the inner backend.
 */
export function mitigatedObservable(obs: Observable, errorOf: (qubit: number) => ReadoutError): Observable {
  const terms: PauliTerm[] = [];
  for (const term of obs.terms) {
    const f = term.factors;
    if (f.length > MAX_MITIGATED_FACTORS) {
      throw new ResourceError({ what: `a Pauli string of ${f.length} factors`, why: `its readout inverse has 2^${f.length} terms (at most ${MAX_MITIGATED_FACTORS} factors are expanded)`, fix: 'Measure shorter strings, or mitigate probabilities instead' });
    }
    const coef = f.map((x) => {
      const e = errorOf(x.qubit);
      checkReadoutError(e, `readout error of qubit ${x.qubit}`);
      const a = e.p01 - e.p10, b = 1 - e.p01 - e.p10;
      return { alpha: -a / b, beta: 1 / b };
    });
    for (let mask = 0; mask < 2 ** f.length; mask++) {
      let c = term.coeff;
      const kept = [];
      for (let j = 0; j < f.length; j++) {
        if (mask & (1 << j)) {
          c *= coef[j]!.beta;
          kept.push(f[j]!);
        } else c *= coef[j]!.alpha;
      }
      if (c !== 0) terms.push({ coeff: c, factors: kept });
    }
  }
  return observable(terms.length > 0 ? terms : [{ coeff: 0, factors: [] }]);
}
