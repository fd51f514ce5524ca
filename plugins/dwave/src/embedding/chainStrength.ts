import { type IsingModel, type QuboModel, ValidationError, describeValue } from '@hqml/core';

/** A chain strength: a number, or a rule computed from the (spin) model. */
export type ChainStrength = number | 'uniform_torque_compensation' | 'scaled' | ((model: IsingModel) => number);

/** The chain-strength rules by name. */
export const CHAIN_STRENGTH_RULES = ['uniform_torque_compensation', 'scaled'] as const;

function spin(model: IsingModel | QuboModel): IsingModel {
  return model.vartype === 'SPIN' ? (model as IsingModel) : (model as QuboModel).toIsing();
}

/**
 * dwave-system's default: `prefactor · RMS(J) · √(mean degree)` on the spin form (default
 * prefactor 1.414), so a chain resists the typical torque its neighbours exert; 1 when there are
 * no interactions. The mean degree is over all variables (isolated ones count as 0).
 */
export function uniformTorqueCompensation(model: IsingModel | QuboModel, prefactor = 1.414): number {
  const m = spin(model);
  const k = m.numInteractions;
  if (k === 0) return 1;
  let sq = 0;
  for (const v of m.values) sq += v * v;
  const rms = Math.sqrt(sq / k);
  const meanDegree = (2 * k) / m.numVariables;
  return prefactor * rms * Math.sqrt(meanDegree);
}

/** dwave-system's `scaled`: `prefactor · max |bias|` over h and J of the spin form (default prefactor 1); 1 without interactions. */
export function scaledChainStrength(model: IsingModel | QuboModel, prefactor = 1): number {
  const m = spin(model);
  if (m.numInteractions === 0) return 1;
  let max = 0;
  for (const v of m.linear) max = Math.max(max, Math.abs(v));
  for (const v of m.values) max = Math.max(max, Math.abs(v));
  return prefactor * max;
}

/** Resolves a {@link ChainStrength} for a model to a positive number. */
export function resolveChainStrength(strength: ChainStrength | undefined, model: IsingModel): number {
  let value: number;
  if (strength === undefined || strength === 'uniform_torque_compensation') value = uniformTorqueCompensation(model);
  else if (strength === 'scaled') value = scaledChainStrength(model);
  else if (typeof strength === 'function') value = strength(model);
  else value = strength;
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new ValidationError({ what: `chainStrength is ${describeValue(strength)} (${describeValue(value)})`, why: 'a chain strength is a positive finite number or one of uniform_torque_compensation, scaled', fix: 'Omit it for uniform_torque_compensation' });
  }
  return value;
}
