import { ValidationError, describeValue } from '@hqml/core';

/**
 * Conditional value at risk (Barkoutsos et al., Quantum 4, 256, 2020): the mean of the lowest
 * `alpha` fraction of the distribution of `values` with weights `probabilities` (which need not
 * be normalised; they are divided by their sum). The outcome that straddles the `alpha` boundary
 * counts with the part of its mass that fits. `alpha = 1` is the expectation; `alpha -> 0` the
 * minimum of the support.
 */
export function cvar(values: ArrayLike<number>, probabilities: ArrayLike<number>, alpha: number): number {
  if (typeof alpha !== 'number' || !(alpha > 0) || alpha > 1) {
    throw new ValidationError({ what: `CVaR alpha is ${describeValue(alpha)}`, why: 'alpha is the fraction of the distribution kept, in (0, 1]', fix: 'Pass e.g. 0.25; 1 gives the expectation' });
  }
  if (values.length !== probabilities.length) {
    throw new ValidationError({ what: `CVaR got ${values.length} values and ${probabilities.length} probabilities`, why: 'each value needs its probability' });
  }
  let total = 0;
  const support: number[] = [];
  for (let k = 0; k < values.length; k++) {
    const p = probabilities[k] as number;
    if (!(p >= 0) || !Number.isFinite(p)) throw new ValidationError({ what: `probability ${k} is ${describeValue(p)}`, why: 'probabilities are finite and non-negative' });
    total += p;
    if (p > 0) support.push(k);
  }
  if (!(total > 0)) throw new ValidationError({ what: 'CVaR got probabilities that sum to 0', why: 'there is no distribution to average over' });
  support.sort((a, b) => (values[a] as number) - (values[b] as number));
  const budget = alpha * total;
  let mass = 0;
  let acc = 0;
  for (const k of support) {
    const take = Math.min(probabilities[k] as number, budget - mass);
    acc += take * (values[k] as number);
    mass += take;
    if (mass >= budget) break;
  }
  return acc / budget;
}

