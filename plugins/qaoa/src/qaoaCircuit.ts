import { type Circuit, CircuitBuilder, type IsingModel, ValidationError, describeValue, param } from '@hqml/core';

/** Options of {@link buildQaoaCircuit}. */
export interface QaoaCircuitOptions {
  /** Depth: the number of cost + mixer layers. */
  readonly p: number;
  /** The cost layer implements `exp(-i gamma H / costScale)` (default 1). */
  readonly costScale?: number;
  /**
   * Warm-start angles `theta_i` (one per variable; {@link warmStartThetas}): the initial state
   * becomes `RY(theta_i)|0>` and the mixer Egger et al.'s `RY(theta) RZ(-2 beta) RY(-theta)`.
   * Absent: the standard |+> start and transverse-field mixer.
   */
  readonly warmStart?: ArrayLike<number>;
}

/**
 * The QAOA circuit of an Ising model with trainable angles: parameters `[gamma_0 .. gamma_{p-1},
 * beta_0 .. beta_{p-1}]`, built from the IR's RZ, RZZ, RX, RY and H gates.
 *
 * Conventions (spins as in {@link spinsOfIndex}, so `H = offset - sum h_i Z_i + sum J_ij Z_i Z_j`):
 * - cost layer `exp(-i gamma H / s)`: `RZ(-2 gamma h_i / s)` on each qubit and
 *   `RZZ(2 gamma J_ij / s)` on each coupled pair (they commute; s = `costScale`);
 * - standard mixer `exp(-i beta H_M)` with `H_M = -sum X_i`, whose ground state |+...+> is the
 *   initial state: `RX(-2 beta)` on each qubit;
 * - warm-start mixer with `H_M,i = -RY(theta_i) Z RY(-theta_i)`, whose ground state is the initial
 *   `RY(theta_i)|0>`: the gates `RY(-theta_i)`, `RZ(-2 beta)`, `RY(theta_i)` in time order (at
 *   theta = pi/2 this is the standard mixer).
 * Both mixers have the initial state as ground state, so a slow ramp (small positive gammas rising,
 * betas falling) follows the adiabatic path to low energies: ramp, TQA and INTERP assume this sign.
 */
export function buildQaoaCircuit(model: IsingModel, options: QaoaCircuitOptions): Circuit {
  const n = model.numVariables;
  const p = options.p;
  if (!Number.isSafeInteger(p) || p < 1) throw new ValidationError({ what: `QAOA depth p is ${describeValue(p)}`, why: 'p is an integer >= 1' });
  const s = options.costScale ?? 1;
  if (!(s > 0) || !Number.isFinite(s)) throw new ValidationError({ what: `costScale is ${describeValue(s)}`, why: 'the cost scale is a positive number' });
  const theta = options.warmStart;
  if (theta !== undefined && theta.length !== n) {
    throw new ValidationError({ what: `the warm start has ${theta.length} angles for ${n} variables`, why: 'each variable needs its own starting probability', fix: `Pass ${n} values` });
  }
  const g = new CircuitBuilder(n, { numParams: 2 * p });
  for (let q = 0; q < n; q++) {
    if (theta) g.ry(q, theta[q] as number);
    else g.h(q);
  }
  for (let layer = 0; layer < p; layer++) {
    for (let q = 0; q < n; q++) {
      const h = model.linear[q]!;
      if (h !== 0) g.rz(q, param(layer, (-2 * h) / s));
    }
    for (let k = 0; k < model.numInteractions; k++) {
      const J = model.values[k]!;
      if (J !== 0) g.rzz(model.heads[k]!, model.tails[k]!, param(layer, (2 * J) / s));
    }
    for (let q = 0; q < n; q++) {
      if (theta) g.ry(q, -(theta[q] as number)).rz(q, param(p + layer, -2)).ry(q, theta[q] as number);
      else g.rx(q, param(p + layer, -2));
    }
  }
  return g.build();
}
