import type { CompiledCircuit, CompiledGate } from '@hqml/core/browser';

/**
 * A launch of the forward pass: gates on one or two qubits whose product is applied as one 2x2 or
 * 4x4 matrix (local index `bit(qubits[0]) + 2 bit(qubits[1])`), in the order listed.
 */
export interface Block {
  readonly qubits: readonly number[];
  readonly gates: readonly CompiledGate[];
}

const cache = new WeakMap<CompiledCircuit, readonly Block[]>();

/**
 * Fuses a circuit's gates into blocks of at most two qubits (qsim's gate fusion, greedy): a
 * two-qubit gate opens a block on its pair that takes the one-qubit gates waiting on those qubits
 * and every later gate on the same pair or on one of its qubits alone, until a gate couples one
 * of them to a third qubit; one-qubit runs left over are paired into 4x4 blocks. Every launch
 * costs a full pass over the state (and, on WebAssembly, a copy in and out), and a 4x4 launch
 * costs little more than a 2x2 one, so fewer launches is faster. Gates on other qubits commute
 * with an open block, which is what makes deferring its launch sound. Cached per circuit.
 */
export function fuseBlocks(prog: CompiledCircuit): readonly Block[] {
  const hit = cache.get(prog);
  if (hit) return hit;
  const out: Block[] = [];
  const pending = new Map<number, CompiledGate[]>();
  const open = new Map<number, { qubits: number[]; gates: CompiledGate[] }>();
  const close = (b: { qubits: number[]; gates: CompiledGate[] }): void => {
    out.push(b);
    for (const q of b.qubits) if (open.get(q) === b) open.delete(q);
  };
  const take = (q: number): CompiledGate[] => {
    const run = pending.get(q) ?? [];
    pending.delete(q);
    return run;
  };
  for (const g of prog.gates) {
    if (g.qubits.length === 1) {
      const q = g.qubits[0]!;
      const b = open.get(q);
      if (b) b.gates.push(g);
      else pending.set(q, [...(pending.get(q) ?? []), g]);
      continue;
    }
    const [a, c] = g.qubits as [number, number];
    const A = open.get(a);
    const C = open.get(c);
    if (A && A === C) {
      A.gates.push(g);
      continue;
    }
    if (A) close(A);
    if (C) close(C);
    const b = { qubits: [a, c], gates: [...take(a), ...take(c), g] };
    open.set(a, b);
    open.set(c, b);
  }
  for (const b of new Set(open.values())) out.push(b);
  const left = [...pending.keys()].sort((x, y) => x - y);
  for (let i = 0; i < left.length; i += 2) {
    const a = left[i]!;
    const c = left[i + 1];
    out.push(c === undefined ? { qubits: [a], gates: take(a) } : { qubits: [a, c], gates: [...take(a), ...take(c)] });
  }
  cache.set(prog, out);
  return out;
}

const single = new WeakMap<CompiledCircuit, readonly Block[]>();

/** One block per gate (no fusion): what a gate costs on its own. */
export function gateBlocks(prog: CompiledCircuit): readonly Block[] {
  let b = single.get(prog);
  if (!b) {
    b = prog.gates.map((g) => ({ qubits: g.qubits, gates: [g] }));
    single.set(prog, b);
  }
  return b;
}
