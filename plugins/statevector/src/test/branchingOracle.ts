import QuantumCircuit from 'quantum-circuit';

/** One statement of a small dynamic program, in a form both QASM text and the reference are made from. */
export type DynStatement =
  | { readonly kind: 'gate'; readonly name: string; readonly wires: readonly number[]; readonly params?: Readonly<Record<string, number>>; readonly qasm: string }
  | { readonly kind: 'measure'; readonly qubit: number; readonly clbit: number }
  | { readonly kind: 'reset'; readonly qubit: number }
  | { readonly kind: 'if'; readonly offset: number; readonly size: number; readonly value: number; readonly then: DynStatement & { kind: 'gate' } };

interface Complex { re: number; im: number; mul(x: number): Complex }
interface Branch { state: Record<number, Complex>; clbits: number[]; p: number }

const bit = (i: number, q: number): number => Math.floor(i / 2 ** q) % 2;

function split(b: Branch, q: number): [Branch, Branch] {
  const parts: [Record<number, Complex>, Record<number, Complex>] = [{}, {}];
  const mass = [0, 0];
  for (const [k, v] of Object.entries(b.state)) {
    const i = Number(k);
    const o = bit(i, q);
    parts[o]![i] = v;
    mass[o]! += v.re * v.re + v.im * v.im;
  }
  return [0, 1].map((o) => {
    const s = 1 / Math.sqrt(mass[o]! || 1);
    const state: Record<number, Complex> = {};
    for (const [k, v] of Object.entries(parts[o]!)) state[Number(k)] = v.mul(s);
    return { state, clbits: [...b.clbits], p: b.p * mass[o]! };
  }) as [Branch, Branch];
}

/**
 * The exact outcome distribution of a dynamic program (mid-circuit measurement, reset, classically
 * controlled gates), by enumerating measurement branches and applying every gate with npm
 * quantum-circuit's own matrices (an independent simulator, and no deferred measurement).
 * Keys are `clbits|qubits`: the classical bits, then a final readout of every qubit, each with bit 0
 * rightmost. Measurement at the end of a branch reads the state's probabilities.
 */
export function branchingDistribution(n: number, numClbits: number, program: readonly DynStatement[]): Map<string, number> {
  const qc = new QuantumCircuit(n);
  const raw = qc as unknown as { state: Record<number, Complex>; stateBits: number; applyGate(name: string, column: number, wires: number[], options: object): void };
  const apply = (b: Branch, g: DynStatement & { kind: 'gate' }): void => {
    raw.state = b.state;
    raw.stateBits = Object.keys(b.state).reduce((acc, k) => acc | Number(k), 0);
    raw.applyGate(g.name, 0, [...g.wires], { params: g.params ?? {} });
    b.state = raw.state;
  };
  qc.run();
  let branches: Branch[] = [{ state: { ...raw.state }, clbits: new Array<number>(numClbits).fill(0), p: 1 }];
  for (const s of program) {
    const next: Branch[] = [];
    for (const b of branches) {
      if (s.kind === 'gate') { apply(b, s); next.push(b); continue; }
      if (s.kind === 'if') {
        let v = 0;
        for (let i = 0; i < s.size; i++) v += b.clbits[s.offset + i]! * 2 ** i;
        if (v === s.value) apply(b, s.then);
        next.push(b);
        continue;
      }
      const [b0, b1] = split(b, s.qubit);
      if (s.kind === 'measure') {
        b0.clbits[s.clbit] = 0;
        b1.clbits[s.clbit] = 1;
      } else {
        apply(b1, { kind: 'gate', name: 'x', wires: [s.qubit], qasm: '' });
      }
      for (const x of [b0, b1]) if (x.p > 1e-14) next.push(x);
    }
    branches = next;
  }
  const out = new Map<string, number>();
  for (const b of branches) {
    const c = b.clbits.map(String).reverse().join('');
    for (const [k, v] of Object.entries(b.state)) {
      const i = Number(k);
      let qs = '';
      for (let q = n - 1; q >= 0; q--) qs += bit(i, q);
      const key = `${c}|${qs}`;
      out.set(key, (out.get(key) ?? 0) + b.p * (v.re * v.re + v.im * v.im));
    }
  }
  return out;
}

/** The OpenQASM text of a dynamic program on `qreg q[n]` and the given cregs. */
export function dynamicQasm(n: number, cregs: readonly { name: string; size: number }[], program: readonly DynStatement[]): string {
  const lines = ['OPENQASM 2.0;', 'include "qelib1.inc";', `qreg q[${n}];`, ...cregs.map((c) => `creg ${c.name}[${c.size}];`)];
  const clbitName = (k: number): string => {
    let o = 0;
    for (const c of cregs) {
      if (k < o + c.size) return `${c.name}[${k - o}]`;
      o += c.size;
    }
    throw new Error(`no clbit ${k}`);
  };
  const cregAt = (offset: number): string => {
    let o = 0;
    for (const c of cregs) {
      if (o === offset) return c.name;
      o += c.size;
    }
    throw new Error(`no creg at ${offset}`);
  };
  for (const s of program) {
    if (s.kind === 'gate') lines.push(s.qasm);
    else if (s.kind === 'measure') lines.push(`measure q[${s.qubit}] -> ${clbitName(s.clbit)};`);
    else if (s.kind === 'reset') lines.push(`reset q[${s.qubit}];`);
    else lines.push(`if(${cregAt(s.offset)}==${s.value}) ${s.then.qasm}`);
  }
  return `${lines.join('\n')}\n`;
}
