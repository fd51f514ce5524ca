import type { Circuit, GateOp } from '../circuit/circuit.js';
import { bindCircuit } from '../circuit/bind.js';
import type { GateName } from '../circuit/gates.js';

/** Options of {@link toQasm}. */
export interface QasmExportOptions {
  /** Values of the circuit's trainable parameters (required when it has any). */
  readonly params?: ArrayLike<number>;
  /** One sample's input features (required when the circuit has inputs or amplitude encoding). */
  readonly inputs?: ArrayLike<number>;
  /** Append `measure q -> c;` (default true). */
  readonly measure?: boolean;
}

/** IR gate to OpenQASM name. */
const NAMES: Record<GateName, string> = {
  I: 'id', H: 'h', X: 'x', Y: 'y', Z: 'z', S: 's', Sdg: 'sdg', T: 't', Tdg: 'tdg', SX: 'sx',
  RX: 'rx', RY: 'ry', RZ: 'rz', P: 'u1', U3: 'u3', CNOT: 'cx', CZ: 'cz', SWAP: 'swap',
  CRX: 'crx', CRY: 'cry', CRZ: 'crz', RXX: 'rxx', RYY: 'ryy', RZZ: 'rzz',
};

/**
 * Definitions, in gates of the OpenQASM 2 paper's qelib1.inc, of the IR gates that file lacks.
 * Each equals the gate up to a global phase of the whole gate, which no OpenQASM 2 program can
 * observe; with them the output loads in any reader (Qiskit's strict `qasm2.loads` included), and
 * readers that know these names as built-ins accept the matching definition.
 */
const DEFINITIONS: Partial<Record<GateName, string>> = {
  SX: 'gate sx a { sdg a; h a; sdg a; }',
  SWAP: 'gate swap a,b { cx a,b; cx b,a; cx a,b; }',
  CRX: 'gate crx(theta) a,b { cu3(theta,-pi/2,pi/2) a,b; }',
  CRY: 'gate cry(theta) a,b { cu3(theta,0,0) a,b; }',
  RXX: 'gate rxx(theta) a,b { h a; h b; cx a,b; u1(theta) b; cx a,b; h a; h b; }',
  RYY: 'gate ryy(theta) a,b { rx(pi/2) a; rx(pi/2) b; cx a,b; u1(theta) b; cx a,b; rx(-pi/2) a; rx(-pi/2) b; }',
  RZZ: 'gate rzz(theta) a,b { cx a,b; u1(theta) b; cx a,b; }',
};

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
 * least significant bit, as in Qiskit). Parameters and one sample's inputs are bound first
 * ({@link bindCircuit}); amplitude encoding becomes its RY/CNOT state preparation. Gates outside the
 * paper's qelib1.inc (sx, swap, crx, cry, rxx, ryy, rzz) come with a `gate` definition.
 */
export function toQasm(circuit: Circuit, options: QasmExportOptions = {}): string {
  const bound = bindCircuit(circuit, { ...(options.params ? { params: options.params } : {}), ...(options.inputs ? { inputs: options.inputs } : {}) });
  const ops = bound.ops as readonly GateOp[];
  const lines = ['OPENQASM 2.0;', 'include "qelib1.inc";'];
  const used = new Set(ops.map((o) => o.gate));
  for (const [gate, def] of Object.entries(DEFINITIONS)) if (used.has(gate as GateName)) lines.push(def);
  lines.push(`qreg q[${bound.numQubits}];`);
  const measure = options.measure ?? true;
  if (measure) lines.push(`creg c[${bound.numQubits}];`);
  for (const op of ops) {
    const angles = op.angles.map((a) => formatQasmAngle(a.constant));
    const args = op.qubits.map((q) => `q[${q}]`).join(',');
    lines.push(`${NAMES[op.gate]}${angles.length > 0 ? `(${angles.join(',')})` : ''} ${args};`);
  }
  if (measure) lines.push('measure q -> c;');
  return `${lines.join('\n')}\n`;
}
