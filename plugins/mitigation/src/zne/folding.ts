import { Circuit, type GateOp, type Op, Rng, ValidationError, describeValue, inverseGate, inverseOps, isGateOp } from '@hqml/core';

/** How noise is scaled: fold the whole circuit, or fold gates chosen at random. */
export type FoldingMethod = 'global' | 'random';

/** The folding methods, for help and validation. */
export const FOLDING_METHODS: readonly FoldingMethod[] = ['global', 'random'];

/** A folded circuit and the noise scale it reached (folded gates / original gates). */
export interface FoldedCircuit {
  readonly circuit: Circuit;
  /**
   * The scale factor reached: the gate count of the folded circuit over that of the original.
   * It equals the requested factor for odd integers and is within 1/gates of it otherwise.
   */
  readonly scale: number;
}

function checkScale(scale: number): void {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 1) {
    throw new ValidationError({
      what: `scale factor ${describeValue(scale)}`,
      why: 'unitary folding can only add noise: scale factors are finite numbers >= 1',
      fix: 'Use factors such as [1, 2, 3] or [1, 3, 5]',
    });
  }
}

/**
 * What both folding methods start from: the circuit split into its state preparation (amplitude
 * encoding, kept first) and its `d` gates, with `k, f = divmod(scale - 1, 2)` whole folds of
 * every gate and `m = round(f * d / 2)` gates folded once more.
 */
interface FoldPlan {
  readonly prep: Op[];
  readonly gates: GateOp[];
  readonly d: number;
  readonly k: number;
  readonly m: number;
}

function foldPlan(circuit: Circuit, scale: number): FoldPlan {
  checkScale(scale);
  const prep: Op[] = [];
  const gates: GateOp[] = [];
  for (const o of circuit.ops) (isGateOp(o) ? gates : prep).push(o);
  const d = gates.length;
  const k = Math.floor((scale - 1) / 2);
  const m = Math.round(((scale - 1 - 2 * k) * d) / 2);
  return { prep, gates, d, k, m };
}

/** The scale a plan reaches: folded gates over original gates. */
function reachedScale({ d, k, m }: FoldPlan): number {
  return (d + 2 * k * d + 2 * m) / d;
}

function rebuild(circuit: Circuit, ops: Op[]): Circuit {
  return new Circuit({ numQubits: circuit.numQubits, numParams: circuit.numParams, numInputs: circuit.numInputs, ops });
}

/**
 * Global folding (Mitiq's `fold_global`): `U -> U (U^-1 U)^k`, then the last `m` gates folded
 * once more (`... L^-1 L` for the last-m-gates block L), with `k, f = divmod(scale - 1, 2)` and
 * `m = round(f * d / 2)` for `d` gates. At scale 3 the gate count triples. Amplitude encoding is
 * state preparation and stays first, unfolded.
 */
export function foldGlobal(circuit: Circuit, scale: number): FoldedCircuit {
  const plan = foldPlan(circuit, scale);
  const { prep, gates, d, k, m } = plan;
  if (d === 0) return { circuit, scale };
  const ops: Op[] = [...prep, ...gates];
  const inv = inverseOps(gates);
  for (let i = 0; i < k; i++) ops.push(...inv, ...gates);
  if (m > 0) {
    const last = gates.slice(d - m);
    ops.push(...inverseOps(last), ...last);
  }
  return { circuit: rebuild(circuit, ops), scale: reachedScale(plan) };
}

/**
 * Folding gates at random (Mitiq's `fold_gates_at_random`): every gate G becomes
 * `G (G^-1 G)^k` with `k = floor((scale - 1) / 2)`, and `m = round(f * d / 2)` gates, drawn without
 * replacement by a seeded shuffle, are folded once more. At an odd integer scale every gate is
 * folded alike, whatever the seed (Mitiq's `fold_all`).
 */
export function foldGatesAtRandom(circuit: Circuit, scale: number, seed = 0): FoldedCircuit {
  const plan = foldPlan(circuit, scale);
  const { prep, gates, d, k, m } = plan;
  if (d === 0) return { circuit, scale };
  const folds = new Int32Array(d).fill(k);
  if (m > 0) {
    // A string key: small integer seeds give correlated first draws in xoroshiro128+.
    const order = Rng.from(`fold-gates-at-random:${seed}`).permutation(d);
    for (let i = 0; i < m; i++) folds[order[i]!]!++;
  }
  const ops: Op[] = [...prep];
  gates.forEach((g, i) => {
    ops.push(g);
    const inv = inverseGate(g);
    for (let r = 0; r < folds[i]!; r++) ops.push(inv, g);
  });
  return { circuit: rebuild(circuit, ops), scale: reachedScale(plan) };
}

/** Folds by the named method (`random` uses `seed`). */
export function foldCircuit(circuit: Circuit, scale: number, method: FoldingMethod, seed = 0): FoldedCircuit {
  if (method === 'global') return foldGlobal(circuit, scale);
  if (method === 'random') return foldGatesAtRandom(circuit, scale, seed);
  throw new ValidationError({ what: `folding method ${describeValue(method)}`, why: `methods are ${FOLDING_METHODS.join(', ')}`, fix: 'Use "global" or "random"' });
}
