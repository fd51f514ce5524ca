import type { Annealer } from './annealer.js';
import type { QuadraticModel } from '../models/quadraticModel.js';

/**
 * An annealer that only accepts problems on its own graph (dimod's `Structured`): a QPU's
 * working qubits and couplers. Composites (embedding) put other problems onto it.
 *
 * Design note: an optional ability with a capability query, like `GradientProvider`; a model is
 * native when every variable label is a node and every interaction is an edge.
 */
export interface StructuredAnnealer extends Annealer {
  /** The qubits, ascending. */
  readonly nodelist: readonly number[];
  /** The couplers `[u, v]` with u < v, sorted. */
  readonly edgelist: readonly (readonly [number, number])[];
}

/** Whether an annealer declares a structure. */
export function isStructuredAnnealer(a: Annealer): a is StructuredAnnealer {
  const s = a as Partial<StructuredAnnealer>;
  return Array.isArray(s.nodelist) && Array.isArray(s.edgelist);
}

/** Whether `model` fits a structured annealer's graph as it is (labels are qubits, interactions are couplers). */
export function isNativeModel(model: QuadraticModel, annealer: Pick<StructuredAnnealer, 'nodelist' | 'edgelist'>): boolean {
  const nodes = new Set(annealer.nodelist);
  if (!model.labels.every((l) => typeof l === 'number' && nodes.has(l))) return false;
  const edges = new Set(annealer.edgelist.map(([a, b]) => `${a},${b}`));
  for (let k = 0; k < model.numInteractions; k++) {
    const a = model.labels[model.heads[k]!] as number;
    const b = model.labels[model.tails[k]!] as number;
    if (!edges.has(a < b ? `${a},${b}` : `${b},${a}`)) return false;
  }
  return true;
}
