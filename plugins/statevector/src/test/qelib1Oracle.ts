import type QuantumCircuit from 'quantum-circuit';

/** Appends a gate of npm quantum-circuit (its own names and parameter names). */
type Put = (q: QuantumCircuit, name: string, wires: number[], params?: Record<string, number>) => void;
const put: Put = (q, name, wires, params) => q.appendGate(name, wires, params ? { params } : {});

/** Appends quantum-circuit's own multi-controlled X (its Gray-code construction) on `wires` = controls then target. */
function mcx(q: QuantumCircuit, wires: number[]): void {
  const name = q.registerMCXGate(wires.slice(0, -1).map(() => true));
  q.appendGate(name, wires, {});
}

/** Its multi-controlled u1 (phase `lambda` where every wire is 1). */
function mcu1(q: QuantumCircuit, wires: number[], lambda: number): void {
  const name = q.registerMCU1Gate(wires.slice(0, -1).map(() => true));
  q.appendGate(name, wires, { params: { lambda } });
}

/** CCZ from quantum-circuit's Toffoli. */
function ccz(q: QuantumCircuit, [a, b, c]: number[]): void {
  put(q, 'h', [c!]);
  put(q, 'ccx', [a!, b!, c!]);
  put(q, 'h', [c!]);
}

/**
 * Each qelib1.inc gate built from npm quantum-circuit's own gates, as the independent reference
 * for the parser's expansions. Where the oracle has the gate it is used directly; the others are
 * composed from the matrices Qiskit documents for them:
 * - c3x, c4x: the oracle's multi-controlled X;
 * - c3sqrtx: the 3-controlled sqrt(X) (Qiskit's C3SXGate) via a spare |0> wire `spare`:
 *   Toffoli-like copy of the controls' AND, the oracle's controlled sqrt(X), uncopy;
 * - rccx: Qiskit's RCCXGate matrix = D * CCX with D = i on |111>, -i on |011>, -1 on |101> (bits cba);
 * - rc3x: Qiskit's RC3XGate matrix = D * C3X with, where a = b = 1, D = i (c=0,d=0), -i (c=0,d=1),
 *   1 (c=1,d=0), -1 (c=1,d=1).
 */
export function appendQelib1(q: QuantumCircuit, gate: string, wires: number[], a: number[], spare?: number): void {
  const [t = 0, p = 0, l = 0, g = 0] = a;
  const w = wires;
  switch (gate) {
    case 'U': case 'u3': case 'u': put(q, 'u3', w, { theta: t, phi: p, lambda: l }); return;
    case 'u2': put(q, 'u2', w, { phi: t, lambda: p }); return;
    case 'u1': case 'p': put(q, 'u1', w, { lambda: t }); return;
    case 'id': case 'u0': put(q, 'id', w); return;
    case 'x': case 'y': case 'z': case 'h': case 's': case 'sdg': case 't': case 'tdg': put(q, gate, w); return;
    case 'sx': put(q, 'srn', w); return;
    case 'sxdg': put(q, 'srndg', w); return;
    case 'rx': case 'ry': put(q, gate, w, { theta: t }); return;
    case 'rz': put(q, 'rz', w, { phi: t }); return;
    case 'CX': case 'cx': put(q, 'cx', w); return;
    case 'cy': case 'cz': case 'ch': case 'swap': case 'ccx': case 'cswap': put(q, gate, w); return;
    case 'csx': put(q, 'csrn', w); return;
    case 'crx': case 'cry': put(q, gate, w, { theta: t }); return;
    case 'crz': put(q, 'crz', w, { phi: t }); return;
    case 'cu1': case 'cp': put(q, 'cu1', w, { lambda: t }); return;
    case 'cu3': put(q, 'cu3', w, { theta: t, phi: p, lambda: l }); return;
    // Qiskit's CUGate: controlled (e^{i gamma} U3)
    case 'cu': put(q, 'cu3', w, { theta: t, phi: p, lambda: l }); put(q, 'u1', [w[0]!], { lambda: g }); return;
    // its XX and YY take half our angle; its ZZ is exp(-i theta ZZ/2) already
    case 'rxx': put(q, 'xx', w, { theta: t / 2 }); return;
    case 'ryy': put(q, 'yy', w, { theta: t / 2 }); return;
    case 'rzz': put(q, 'zz', w, { theta: t }); return;
    case 'c3x': case 'c4x': mcx(q, w); return;
    case 'c3sqrtx': {
      if (spare === undefined) throw new Error('c3sqrtx needs a spare wire');
      mcx(q, [w[0]!, w[1]!, w[2]!, spare]);
      put(q, 'csrn', [spare, w[3]!]);
      mcx(q, [w[0]!, w[1]!, w[2]!, spare]);
      return;
    }
    case 'rccx': {
      const [A, B, C] = w as [number, number, number];
      put(q, 'ccx', w);
      // D: where a = b = 1, diag(-i, i) on c = -i Z: CCZ then CSdg(a, b); where a = 1, b = 0: Z on c
      ccz(q, [A, B, C]);
      put(q, 'csdg', [A, B]);
      put(q, 'x', [B]);
      ccz(q, [A, B, C]);
      put(q, 'x', [B]);
      return;
    }
    case 'rc3x': {
      const [A, B, C, D] = w as [number, number, number, number];
      mcx(q, w);
      // where a = b = 1: Z on d, and a phase i where c = 0
      ccz(q, [A, B, D]);
      put(q, 'x', [C]);
      mcu1(q, [A, B, C], Math.PI / 2);
      put(q, 'x', [C]);
      return;
    }
    default: throw new Error(`no oracle construction for ${gate}`);
  }
}
