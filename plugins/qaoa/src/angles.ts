import { type Rng, ValidationError, describeValue } from '@hqml/core';

/**
 * The angles of a depth-p QAOA circuit: `gammas[k]` scales the cost layer k and `betas[k]` the
 * mixer layer k (k = 0 .. p-1). Conventions: {@link buildQaoaCircuit}.
 */
export interface QaoaAngles {
  readonly gammas: readonly number[];
  readonly betas: readonly number[];
}

/** The depth of a set of angles, after checking that both lists agree and are finite. */
export function depthOf(angles: QaoaAngles, name = 'angles'): number {
  const { gammas, betas } = angles;
  if (!Array.isArray(gammas) || !Array.isArray(betas) || gammas.length !== betas.length || gammas.length === 0) {
    throw new ValidationError({ what: `${name} has ${describeValue(gammas)} gammas and ${describeValue(betas)} betas`, why: 'a depth-p circuit has p gammas and p betas, p >= 1', fix: 'Pass two lists of the same length' });
  }
  for (const [list, label] of [[gammas, 'gammas'], [betas, 'betas']] as const) {
    list.forEach((v, k) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ValidationError({ what: `${name}.${label}[${k}] is ${describeValue(v)}`, why: 'angles are finite numbers' });
    });
  }
  return gammas.length;
}

/** The flat parameter vector of a QAOA circuit: gammas first, then betas. */
export function anglesToParams(angles: QaoaAngles): Float64Array {
  const p = angles.gammas.length;
  const x = new Float64Array(2 * p);
  for (let k = 0; k < p; k++) {
    x[k] = angles.gammas[k]!;
    x[p + k] = angles.betas[k]!;
  }
  return x;
}

/** The inverse of {@link anglesToParams}. */
export function paramsToAngles(x: ArrayLike<number>): QaoaAngles {
  const p = x.length / 2;
  return { gammas: Array.from({ length: p }, (_, k) => x[k] as number), betas: Array.from({ length: p }, (_, k) => x[p + k] as number) };
}

function checkDepth(p: number): void {
  if (!Number.isSafeInteger(p) || p < 1) throw new ValidationError({ what: `QAOA depth p is ${describeValue(p)}`, why: 'p is the number of cost + mixer layers, an integer >= 1', fix: 'Pass p = 1, 2, 3, ...' });
}

function checkStep(dt: number): void {
  if (typeof dt !== 'number' || !Number.isFinite(dt) || dt <= 0) throw new ValidationError({ what: `time step ${describeValue(dt)}`, why: 'the annealing time step is a positive number', fix: 'Pass e.g. 0.7 (ramp) or 0.75 (TQA)' });
}

/**
 * The linear ramp (OpenQAOA's default `ramp` initialisation, total time T = dt * p):
 * `beta_i = dt (1 - (i + 1/2) / p)`, `gamma_i = dt (i + 1/2) / p` for i = 0 .. p-1, a discretised
 * annealing path from the mixer to the cost Hamiltonian.
 */
export function rampAngles(p: number, dt = 0.7): QaoaAngles {
  checkDepth(p);
  checkStep(dt);
  return {
    gammas: Array.from({ length: p }, (_, i) => (dt * (i + 0.5)) / p),
    betas: Array.from({ length: p }, (_, i) => dt * (1 - (i + 0.5) / p)),
  };
}

/**
 * Trotterised quantum annealing (Sack and Serbyn, Quantum 5, 491, 2021):
 * `gamma_i = (i / p) dt`, `beta_i = (1 - i / p) dt` for i = 1 .. p; dt about 0.75 suits 3-regular
 * Max-Cut.
 */
export function tqaAngles(p: number, dt = 0.75): QaoaAngles {
  checkDepth(p);
  checkStep(dt);
  return {
    gammas: Array.from({ length: p }, (_, i) => ((i + 1) / p) * dt),
    betas: Array.from({ length: p }, (_, i) => (1 - (i + 1) / p) * dt),
  };
}

/**
 * Seeded random angles: gamma uniform in [0, pi), beta uniform in [0, pi / 2) (the mixer's
 * period for the X mixer up to a global bit flip).
 */
export function randomAngles(p: number, rng: Rng): QaoaAngles {
  checkDepth(p);
  const gammas = Array.from({ length: p }, () => rng.float() * Math.PI);
  const betas = Array.from({ length: p }, () => (rng.float() * Math.PI) / 2);
  return { gammas, betas };
}

/**
 * INTERP (Zhou, Wang, Choi, Pichler and Lukin, PRX 10, 021067, 2020): the depth-(p+1) starting
 * point from optimised depth-p angles by linear interpolation,
 * `x'_i = ((i - 1) / p) x_{i-1} + ((p - i + 1) / p) x_i` for i = 1 .. p+1, with x_0 = x_{p+1} = 0.
 */
export function interpolateAngles(angles: QaoaAngles): QaoaAngles {
  const p = depthOf(angles);
  const grow = (x: readonly number[]): number[] =>
    Array.from({ length: p + 1 }, (_, k) => {
      const i = k + 1;
      const prev = i - 1 >= 1 ? x[i - 2]! : 0;
      const cur = i <= p ? x[i - 1]! : 0;
      return ((i - 1) / p) * prev + ((p - i + 1) / p) * cur;
    });
  return { gammas: grow(angles.gammas), betas: grow(angles.betas) };
}
