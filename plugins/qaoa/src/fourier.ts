import { ValidationError } from '@hqml/core';
import type { QaoaAngles } from './angles.js';

/**
 * The FOURIER parametrisation of Zhou et al. (PRX 10, 021067, 2020): q frequency amplitudes
 * `u`, `v` give the depth-p angles
 * `gamma_i = sum_k u_k sin((k - 1/2)(i - 1/2) pi / p)`, `beta_i = sum_k v_k cos((k - 1/2)(i - 1/2) pi / p)`
 * (i, k from 1). With q = p these are the discrete sine and cosine transforms of type IV (scipy's
 * `dst(u, type=4) / 2`), not OpenQAOA's type-II `dct`/`dst`. Growing p keeps u, v and appends a
 * zero amplitude (FOURIER[q = p, R = 0]).
 */
export interface FourierParams {
  readonly u: readonly number[];
  readonly v: readonly number[];
}

function basis(p: number, i: number, k: number, kind: 'sin' | 'cos'): number {
  const a = ((k + 0.5) * (i + 0.5) * Math.PI) / p;
  return kind === 'sin' ? Math.sin(a) : Math.cos(a);
}

/** Angles of depth `p` from FOURIER amplitudes (any q = u.length = v.length <= p). */
export function fourierToAngles(f: FourierParams, p: number): QaoaAngles {
  if (f.u.length !== f.v.length || f.u.length === 0 || f.u.length > p) {
    throw new ValidationError({ what: `FOURIER amplitudes have ${f.u.length} u and ${f.v.length} v for depth ${p}`, why: 'u and v have the same length q, 1 <= q <= p' });
  }
  const q = f.u.length;
  const gammas = Array.from({ length: p }, (_, i) => {
    let s = 0;
    for (let k = 0; k < q; k++) s += f.u[k]! * basis(p, i, k, 'sin');
    return s;
  });
  const betas = Array.from({ length: p }, (_, i) => {
    let s = 0;
    for (let k = 0; k < q; k++) s += f.v[k]! * basis(p, i, k, 'cos');
    return s;
  });
  return { gammas, betas };
}

/**
 * The q = p FOURIER amplitudes of depth-p angles (the exact inverse of {@link fourierToAngles}:
 * the type-IV basis is orthogonal with squared norm p / 2).
 */
export function anglesToFourier(angles: QaoaAngles): FourierParams {
  const p = angles.gammas.length;
  const u = Array.from({ length: p }, (_, k) => {
    let s = 0;
    for (let i = 0; i < p; i++) s += angles.gammas[i]! * basis(p, i, k, 'sin');
    return (2 / p) * s;
  });
  const v = Array.from({ length: p }, (_, k) => {
    let s = 0;
    for (let i = 0; i < p; i++) s += angles.betas[i]! * basis(p, i, k, 'cos');
    return (2 / p) * s;
  });
  return { u, v };
}

/**
 * The chain rule of {@link fourierToAngles} at q = p: a gradient with respect to (gammas, betas)
 * (flat, gammas first) becomes one with respect to (u, v) (flat, u first).
 */
export function fourierGradient(angleGradient: ArrayLike<number>, p: number): Float64Array {
  const out = new Float64Array(2 * p);
  for (let k = 0; k < p; k++) {
    let gu = 0;
    let gv = 0;
    for (let i = 0; i < p; i++) {
      gu += (angleGradient[i] as number) * basis(p, i, k, 'sin');
      gv += (angleGradient[p + i] as number) * basis(p, i, k, 'cos');
    }
    out[k] = gu;
    out[p + k] = gv;
  }
  return out;
}
