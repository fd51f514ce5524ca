import type { Circuit } from '../circuit/circuit.js';
import { evaluateAngle } from '../circuit/angle.js';
import type { GateName } from '../circuit/gates.js';
import { UnsupportedError, ValidationError } from '../errors.js';

/** Options of {@link toQasm}. */
export interface QasmExportOptions {
  /** Values of the circuit's trainable parameters (required when it has any). */
  readonly params?: ArrayLike<number>;
  /** Append `measure q -> c;` (default true). */
  readonly measure?: boolean;
}

const NAMES: Record<GateName, string> = {
  I: 'id', H: 'h', X: 'x', Y: 'y', Z: 'z', S: 's', Sdg: 'sdg', T: 't', Tdg: 'tdg', SX: 'sx',
  RX: 'rx', RY: 'ry', RZ: 'rz', P: 'u1', U3: 'u3', CNOT: 'cx', CZ: 'cz', SWAP: 'swap',
  CRX: 'crx', CRY: 'cry', CRZ: 'crz', RXX: 'rxx', RYY: 'ryy', RZZ: 'rzz',
};

/** Qiskit's definition of RYY, emitted when used (qelib1.inc has no ryy). */
const RYY_DEF = 'gate ryy(theta) a,b { rx(pi/2) a; rx(pi/2) b; cx a,b; rz(theta) b; cx a,b; rx(-pi/2) a; rx(-pi/2) b; }';

/** An angle as text: a small rational multiple of pi when it is one, else the shortest exact decimal. */
export function formatQasmAngle(v: number): string {
  if (v === 0) return '0';
  for (const d of [1, 2, 3, 4, 6, 8, 16, 32, 64]) {
    const k = (v / Math.PI) * d;
    const r = Math.round(k);
    if (r !== 0 && Math.abs(k - r) < 1e-12 && Math.abs(r) <= 4 * d && Math.abs((r * Math.PI) / d - v) <= 1e-15 * Math.abs(v)) {
      const num = r === 1 ? 'pi' : r === -1 ? '-pi' : `${r}*pi`;
      return d === 1 ? num : `${num}/${d}`;
    }
  }
  return String(v);
}

/**
 * Writes a circuit as OpenQASM 2.0 (one `qreg q[n]`, qelib1.inc gates; qubit 0 is `q[0]`, the
 * least significant bit, as in Qiskit). Parameters are substituted by `options.params`; circuits
 * with per-sample inputs or amplitude encoding have no OpenQASM 2 form and are rejected.
 */
export function toQasm(circuit: Circuit, options: QasmExportOptions = {}): string {
  const params = options.params ?? [];
  if (params.length !== circuit.numParams) {
    throw new ValidationError({ what: `toQasm got ${params.length} parameter value(s)`, why: `the circuit has ${circuit.numParams} parameters`, fix: 'Pass options.params with one value per parameter' });
  }
  const lines = ['OPENQASM 2.0;', 'include "qelib1.inc";'];
  if (circuit.ops.some((o) => o.gate === 'RYY')) lines.push(RYY_DEF);
  lines.push(`qreg q[${circuit.numQubits}];`);
  const measure = options.measure ?? true;
  if (measure) lines.push(`creg c[${circuit.numQubits}];`);
  circuit.ops.forEach((op, i) => {
    if (op.gate === 'AMPLITUDE') {
      throw new UnsupportedError({ what: `op ${i} is amplitude encoding`, why: 'OpenQASM 2.0 has no state preparation from data', fix: 'Export the circuit without its encoding' });
    }
    const angles = op.angles.map((a) => {
      if (a.terms.some((t) => t.source === 'input')) {
        throw new UnsupportedError({ what: `op ${i} (${op.gate}) depends on per-sample inputs`, why: 'an OpenQASM 2.0 program has fixed angles', fix: 'Bind the inputs first (export one circuit per sample)' });
      }
      return formatQasmAngle(evaluateAngle(a, params));
    });
    const args = op.qubits.map((q) => `q[${q}]`).join(',');
    lines.push(`${NAMES[op.gate]}${angles.length > 0 ? `(${angles.join(',')})` : ''} ${args};`);
  });
  if (measure) lines.push('measure q -> c;');
  return `${lines.join('\n')}\n`;
}
