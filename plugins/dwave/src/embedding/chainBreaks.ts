import { type IsingModel, Rng, ValidationError, describeValue } from '@hqml/core';
import type { Embedding } from './embedding.js';

/** How a broken chain (qubits that disagree) becomes one source value. */
export type ChainBreakMethod = 'majority_vote' | 'discard' | 'weighted_random' | 'minimize_energy';

/** The methods, default first. */
export const CHAIN_BREAK_METHODS: readonly ChainBreakMethod[] = ['majority_vote', 'discard', 'weighted_random', 'minimize_energy'];

/** Unembedded samples: rows kept (indices into the input rows), their source values and chain-break fractions. */
export interface ResolvedSamples {
  /** Row-major spins, kept rows x chains. */
  readonly samples: Int8Array;
  /** For each output row, the input row it came from. */
  readonly rows: Int32Array;
  /** For each output row, the fraction of chains that were broken in it. */
  readonly chainBreakFraction: Float64Array;
}

/**
 * Resolves chains in target samples (spins, row-major over `qubits`). `majority_vote` takes the
 * sign of the chain's sum (ties +1); `discard` drops rows with a broken chain; `weighted_random`
 * takes a random member's value (seeded), so a value is chosen with the probability of its share;
 * `minimize_energy` fixes broken chains greedily, largest |local field| first, against `model`.
 */
export function resolveChains(
  samples: ArrayLike<number>,
  qubits: readonly number[],
  embedding: Embedding,
  method: ChainBreakMethod = 'majority_vote',
  options: { model?: IsingModel; seed?: number } = {},
): ResolvedSamples {
  if (!CHAIN_BREAK_METHODS.includes(method)) {
    throw new ValidationError({ what: `chainBreakMethod is ${describeValue(method)}`, why: `the methods are ${CHAIN_BREAK_METHODS.join(', ')}`, fix: 'Omit it for majority_vote' });
  }
  if (method === 'minimize_energy' && !options.model) throw new ValidationError({ what: 'minimize_energy was asked for without a model', why: 'it needs the source model\'s fields and couplings' });
  const width = qubits.length;
  const count = width === 0 ? 0 : samples.length / width;
  const column = new Map(qubits.map((q, i) => [q, i] as const));
  const cols = embedding.map((chain, v) =>
    chain.map((q) => {
      const c = column.get(q);
      if (c === undefined) throw new ValidationError({ what: `chain ${v} uses qubit ${q}, which the samples do not contain`, why: 'every chain qubit must be sampled' });
      return c;
    }),
  );
  const n = embedding.length;
  const rng = Rng.from(options.seed ?? 0);
  const out: number[] = [];
  const rows: number[] = [];
  const fractions: number[] = [];
  const value = new Int8Array(n);
  const broken = new Uint8Array(n);
  for (let s = 0; s < count; s++) {
    let nBroken = 0;
    for (let v = 0; v < n; v++) {
      let sum = 0;
      for (const c of cols[v]!) sum += samples[s * width + c]! > 0 ? 1 : -1;
      const len = cols[v]!.length;
      broken[v] = Math.abs(sum) !== len ? 1 : 0;
      nBroken += broken[v]!;
      if (!broken[v]) value[v] = sum > 0 ? 1 : -1;
      else if (method === 'majority_vote') value[v] = sum >= 0 ? 1 : -1;
      else if (method === 'weighted_random') value[v] = samples[s * width + cols[v]![rng.int(len)]!]! > 0 ? 1 : -1;
      else value[v] = 0;
    }
    if (method === 'discard' && nBroken > 0) continue;
    if (method === 'minimize_energy' && nBroken > 0) minimizeEnergy(value, broken, options.model!);
    rows.push(s);
    fractions.push(n === 0 ? 0 : nBroken / n);
    for (let v = 0; v < n; v++) out.push(value[v]!);
  }
  return { samples: Int8Array.from(out), rows: Int32Array.from(rows), chainBreakFraction: Float64Array.from(fractions) };
}

/** Greedy repair: broken variables (value 0) are set one by one against their local field, strongest first. */
function minimizeEnergy(value: Int8Array, broken: Uint8Array, model: IsingModel): void {
  const { offsets, neighbors, weights } = model.adjacency();
  const pending = new Set<number>();
  for (let v = 0; v < value.length; v++) if (broken[v]) pending.add(v);
  const field = (v: number): number => {
    let f = model.linear[v]!;
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) f += weights[e]! * value[neighbors[e]!]!;
    return f;
  };
  while (pending.size > 0) {
    let best = -1;
    let bestField = 0;
    for (const v of pending) {
      const f = field(v);
      if (best < 0 || Math.abs(f) > Math.abs(bestField)) {
        best = v;
        bestField = f;
      }
    }
    value[best] = bestField > 0 ? -1 : 1;
    pending.delete(best);
  }
}
