import { Circuit } from '../circuit/circuit.js';
import { constant } from '../circuit/angle.js';
import type { GateName } from '../circuit/gates.js';
import { tokenize, type Token } from './lexer.js';
import { QasmSyntaxError, QasmUnsupportedError } from './qasmErrors.js';

/** One `measure` statement: qubit (flat index) into classical bit (flat index). */
export interface QasmMeasurement {
  readonly qubit: number;
  readonly clbit: number;
}

/** The result of {@link parseQasm}. */
export interface QasmProgram {
  /** The circuit (all angles constant; qubits numbered by declaration order of the qregs). */
  readonly circuit: Circuit;
  /** `name[i]` of every flat qubit index. */
  readonly qubitNames: readonly string[];
  /** Number of classical bits over all cregs. */
  readonly numClbits: number;
  /** The measure statements, in order. */
  readonly measurements: readonly QasmMeasurement[];
}

type Expr = (env: ReadonlyMap<string, number>) => number;
type Emit = (gate: GateName, qubits: number[], angles: number[]) => void;

interface GateDef {
  readonly params: readonly string[];
  readonly args: readonly string[];
  readonly body: readonly { name: Token; params: Expr[]; args: Token[] }[];
}

const PI = Math.PI;

/**
 * The qelib1.inc gates (and the built-ins `U`, `CX`), as IR gates. Gates whose qelib1 definition
 * differs from the IR gate by a global phase only (`rz` vs `u1`, `sxdg`) map to the IR gate;
 * a global phase changes no probability or expectation value.
 */
const BUILTINS: Record<string, { params: number; qubits: number; expand: (a: number[], q: number[], emit: Emit) => void }> = {
  U: { params: 3, qubits: 1, expand: (a, q, e) => e('U3', q, a) },
  CX: { params: 0, qubits: 2, expand: (_, q, e) => e('CNOT', q, []) },
  u3: { params: 3, qubits: 1, expand: (a, q, e) => e('U3', q, a) },
  u: { params: 3, qubits: 1, expand: (a, q, e) => e('U3', q, a) },
  u2: { params: 2, qubits: 1, expand: (a, q, e) => e('U3', q, [PI / 2, a[0]!, a[1]!]) },
  u1: { params: 1, qubits: 1, expand: (a, q, e) => e('P', q, a) },
  p: { params: 1, qubits: 1, expand: (a, q, e) => e('P', q, a) },
  id: { params: 0, qubits: 1, expand: (_, q, e) => e('I', q, []) },
  x: { params: 0, qubits: 1, expand: (_, q, e) => e('X', q, []) },
  y: { params: 0, qubits: 1, expand: (_, q, e) => e('Y', q, []) },
  z: { params: 0, qubits: 1, expand: (_, q, e) => e('Z', q, []) },
  h: { params: 0, qubits: 1, expand: (_, q, e) => e('H', q, []) },
  s: { params: 0, qubits: 1, expand: (_, q, e) => e('S', q, []) },
  sdg: { params: 0, qubits: 1, expand: (_, q, e) => e('Sdg', q, []) },
  t: { params: 0, qubits: 1, expand: (_, q, e) => e('T', q, []) },
  tdg: { params: 0, qubits: 1, expand: (_, q, e) => e('Tdg', q, []) },
  sx: { params: 0, qubits: 1, expand: (_, q, e) => e('SX', q, []) },
  sxdg: { params: 0, qubits: 1, expand: (_, q, e) => e('RX', q, [-PI / 2]) },
  rx: { params: 1, qubits: 1, expand: (a, q, e) => e('RX', q, a) },
  ry: { params: 1, qubits: 1, expand: (a, q, e) => e('RY', q, a) },
  rz: { params: 1, qubits: 1, expand: (a, q, e) => e('RZ', q, a) },
  cx: { params: 0, qubits: 2, expand: (_, q, e) => e('CNOT', q, []) },
  cz: { params: 0, qubits: 2, expand: (_, q, e) => e('CZ', q, []) },
  cy: { params: 0, qubits: 2, expand: (_, q, e) => { e('Sdg', [q[1]!], []); e('CNOT', q, []); e('S', [q[1]!], []); } },
  swap: { params: 0, qubits: 2, expand: (_, q, e) => e('SWAP', q, []) },
  crx: { params: 1, qubits: 2, expand: (a, q, e) => e('CRX', q, a) },
  cry: { params: 1, qubits: 2, expand: (a, q, e) => e('CRY', q, a) },
  crz: { params: 1, qubits: 2, expand: (a, q, e) => e('CRZ', q, a) },
  rxx: { params: 1, qubits: 2, expand: (a, q, e) => e('RXX', q, a) },
  ryy: { params: 1, qubits: 2, expand: (a, q, e) => e('RYY', q, a) },
  rzz: { params: 1, qubits: 2, expand: (a, q, e) => e('RZZ', q, a) },
  cu1: { params: 1, qubits: 2, expand: (a, q, e) => cphase(a[0]!, q, e) },
  cp: { params: 1, qubits: 2, expand: (a, q, e) => cphase(a[0]!, q, e) },
  ccx: {
    params: 0,
    qubits: 3,
    expand: (_, [a, b, c], e) => {
      const A = a!, Bq = b!, C = c!;
      e('H', [C], []); e('CNOT', [Bq, C], []); e('Tdg', [C], []); e('CNOT', [A, C], []); e('T', [C], []);
      e('CNOT', [Bq, C], []); e('Tdg', [C], []); e('CNOT', [A, C], []); e('T', [Bq], []); e('T', [C], []);
      e('H', [C], []); e('CNOT', [A, Bq], []); e('T', [A], []); e('Tdg', [Bq], []); e('CNOT', [A, Bq], []);
    },
  },
};

function cphase(l: number, [c, t]: number[], e: Emit): void {
  e('P', [c!], [l / 2]);
  e('CNOT', [c!, t!], []);
  e('P', [t!], [-l / 2]);
  e('CNOT', [c!, t!], []);
  e('P', [t!], [l / 2]);
}

const FUNCS: Record<string, (x: number) => number> = { sin: Math.sin, cos: Math.cos, tan: Math.tan, exp: Math.exp, ln: Math.log, sqrt: Math.sqrt };

/**
 * Parses OpenQASM 2.0 (qelib1.inc gates, `gate` definitions, parameters as expressions of `pi`,
 * `measure`; `barrier` is ignored). Qubits of several qregs are numbered in declaration order;
 * qubit 0 is the least significant bit of a basis index, as in Qiskit. `reset`, `if`, `opaque`
 * and other includes are QasmUnsupportedError; malformed text is QasmSyntaxError; both name the
 * line and column.
 */
export function parseQasm(src: string): QasmProgram {
  const toks = tokenize(src);
  let pos = 0;
  const peek = (): Token => toks[pos]!;
  const next = (): Token => toks[pos++]!;
  const fail = (t: Token, what: string, fix?: string): never => {
    throw new QasmSyntaxError(t.line, t.column, what, fix);
  };
  const expect = (text: string): Token => {
    const t = next();
    if (t.text !== text || t.kind === 'str') fail(t, `expected "${text}" but found "${t.text}"`);
    return t;
  };
  const expectId = (): Token => {
    const t = next();
    if (t.kind !== 'id') fail(t, `expected a name but found "${t.text}"`);
    return t;
  };
  const expectInt = (): number => {
    const t = next();
    if (t.kind !== 'num' || !/^\d+$/.test(t.text)) fail(t, `expected a non-negative integer but found "${t.text}"`);
    return Number(t.text);
  };

  // expressions: precedence climbing over + - * / ^ with unary minus
  const parseExpr = (params: ReadonlySet<string>): Expr => parseAdd(params);
  const parseAdd = (ps: ReadonlySet<string>): Expr => {
    let l = parseMul(ps);
    while (peek().text === '+' || peek().text === '-') {
      const op = next().text;
      const r = parseMul(ps);
      const a = l;
      l = op === '+' ? (env) => a(env) + r(env) : (env) => a(env) - r(env);
    }
    return l;
  };
  const parseMul = (ps: ReadonlySet<string>): Expr => {
    let l = parseUnary(ps);
    while (peek().text === '*' || peek().text === '/') {
      const op = next().text;
      const r = parseUnary(ps);
      const a = l;
      l = op === '*' ? (env) => a(env) * r(env) : (env) => a(env) / r(env);
    }
    return l;
  };
  const parseUnary = (ps: ReadonlySet<string>): Expr => {
    if (peek().text === '-') {
      next();
      const e = parseUnary(ps);
      return (env) => -e(env);
    }
    if (peek().text === '+') {
      next();
      return parseUnary(ps);
    }
    return parsePow(ps);
  };
  const parsePow = (ps: ReadonlySet<string>): Expr => {
    const base = parseAtom(ps);
    if (peek().text === '^') {
      next();
      const ex = parseUnary(ps);
      return (env) => base(env) ** ex(env);
    }
    return base;
  };
  const parseAtom = (ps: ReadonlySet<string>): Expr => {
    const t = next();
    if (t.kind === 'num') {
      const v = Number(t.text);
      return () => v;
    }
    if (t.text === '(') {
      const e = parseExpr(ps);
      expect(')');
      return e;
    }
    if (t.kind === 'id') {
      if (t.text === 'pi') return () => PI;
      const f = FUNCS[t.text];
      if (f) {
        expect('(');
        const e = parseExpr(ps);
        expect(')');
        return (env) => f(e(env));
      }
      if (ps.has(t.text)) {
        const name = t.text;
        return (env) => env.get(name)!;
      }
      fail(t, `unknown identifier "${t.text}" in an expression`, 'Use numbers, pi, the gate\'s parameters, + - * / ^ and sin cos tan exp ln sqrt');
    }
    return fail(t, `unexpected "${t.text}" in an expression`);
  };

  const qregs = new Map<string, { offset: number; size: number }>();
  const cregs = new Map<string, { offset: number; size: number }>();
  const gates = new Map<string, GateDef>();
  const qubitNames: string[] = [];
  let numClbits = 0;
  const ops: { gate: GateName; qubits: number[]; angles: number[] }[] = [];
  const measurements: QasmMeasurement[] = [];

  /** An argument `name` or `name[i]`: the flat indices it names. */
  const parseArg = (regs: Map<string, { offset: number; size: number }>, kind: string): { idx: number[]; tok: Token } => {
    const t = expectId();
    const reg = regs.get(t.text);
    if (!reg) fail(t, `unknown ${kind} "${t.text}"`, `Declare it first (${kind} ${t.text}[n];)`);
    if (peek().text === '[') {
      next();
      const it = peek();
      const i = expectInt();
      expect(']');
      if (i >= reg!.size) fail(it, `index ${i} is out of range for ${t.text}[${reg!.size}]`);
      return { idx: [reg!.offset + i], tok: t };
    }
    return { idx: Array.from({ length: reg!.size }, (_, i) => reg!.offset + i), tok: t };
  };

  const apply = (nameTok: Token, args: number[], values: number[], emit: Emit, depth: number): void => {
    if (depth > 64) fail(nameTok, 'gate definitions nest more than 64 deep (recursive gate?)');
    const user = gates.get(nameTok.text);
    if (user) {
      if (values.length !== user.params.length) fail(nameTok, `gate "${nameTok.text}" takes ${user.params.length} parameter(s), got ${values.length}`);
      if (args.length !== user.args.length) fail(nameTok, `gate "${nameTok.text}" acts on ${user.args.length} qubit(s), got ${args.length}`);
      const env = new Map(user.params.map((p, i) => [p, values[i]!]));
      const qmap = new Map(user.args.map((a, i) => [a, args[i]!]));
      for (const st of user.body) {
        apply(st.name, st.args.map((a) => qmap.get(a.text)!), st.params.map((e) => e(env)), emit, depth + 1);
      }
      return;
    }
    const b = BUILTINS[nameTok.text];
    if (!b) {
      throw new QasmUnsupportedError(nameTok.line, nameTok.column, `unknown gate "${nameTok.text}"`, 'it is neither a qelib1.inc gate that hqml supports nor defined by a gate statement', `Define it with "gate ${nameTok.text} ... { ... }" or use: ${Object.keys(BUILTINS).join(', ')}`);
    }
    if (values.length !== b!.params) fail(nameTok, `gate "${nameTok.text}" takes ${b!.params} parameter(s), got ${values.length}`);
    if (args.length !== b!.qubits) fail(nameTok, `gate "${nameTok.text}" acts on ${b!.qubits} qubit(s), got ${args.length}`);
    if (new Set(args).size !== args.length) fail(nameTok, `gate "${nameTok.text}" is applied to the same qubit twice`);
    b!.expand(values, args, emit);
  };

  const emitOp: Emit = (gate, qubits, angles) => ops.push({ gate, qubits, angles });

  // header
  if (peek().text === 'OPENQASM') {
    next();
    const v = next();
    if (v.text !== '2.0' && v.text !== '2') {
      throw new QasmUnsupportedError(v.line, v.column, `OPENQASM ${v.text}`, 'only OpenQASM 2.0 is supported', 'Export the circuit as OpenQASM 2.0');
    }
    expect(';');
  }
  while (peek().kind !== 'eof') {
    const t = next();
    if (t.kind !== 'id') fail(t, `expected a statement but found "${t.text}"`);
    switch (t.text) {
      case 'include': {
        const f = next();
        if (f.kind !== 'str') fail(f, 'expected a file name in quotes');
        if (f.text !== 'qelib1.inc') throw new QasmUnsupportedError(f.line, f.column, `include "${f.text}"`, 'only qelib1.inc is known', 'Inline the gate definitions in the file');
        expect(';');
        break;
      }
      case 'qreg':
      case 'creg': {
        const name = expectId();
        expect('[');
        const size = expectInt();
        expect(']');
        expect(';');
        const regs = t.text === 'qreg' ? qregs : cregs;
        if (qregs.has(name.text) || cregs.has(name.text)) fail(name, `register "${name.text}" is declared twice`);
        if (t.text === 'qreg') {
          regs.set(name.text, { offset: qubitNames.length, size });
          for (let i = 0; i < size; i++) qubitNames.push(`${name.text}[${i}]`);
        } else {
          regs.set(name.text, { offset: numClbits, size });
          numClbits += size;
        }
        break;
      }
      case 'gate': {
        const name = expectId();
        const params: string[] = [];
        if (peek().text === '(') {
          next();
          while (peek().text !== ')') {
            params.push(expectId().text);
            if (peek().text === ',') next();
          }
          next();
        }
        const args: string[] = [expectId().text];
        while (peek().text === ',') {
          next();
          args.push(expectId().text);
        }
        expect('{');
        const ps = new Set(params);
        const body: GateDef['body'][number][] = [];
        while (peek().text !== '}') {
          const g = expectId();
          if (g.text === 'barrier') {
            while (next().text !== ';') { /* skip */ }
            continue;
          }
          const gp: Expr[] = [];
          if (peek().text === '(') {
            next();
            while (peek().text !== ')') {
              gp.push(parseExpr(ps));
              if (peek().text === ',') next();
              else if (peek().text !== ')') fail(peek(), `expected "," or ")" but found "${peek().text}"`);
            }
            next();
          }
          const ga: Token[] = [expectId()];
          while (peek().text === ',') {
            next();
            ga.push(expectId());
          }
          for (const a of ga) if (!args.includes(a.text)) fail(a, `"${a.text}" is not an argument of gate "${name.text}"`);
          expect(';');
          if (!gates.has(g.text) && !BUILTINS[g.text]) throw new QasmUnsupportedError(g.line, g.column, `unknown gate "${g.text}" in the body of "${name.text}"`, 'gates must be defined before use');
          body.push({ name: g, params: gp, args: ga });
        }
        next();
        gates.set(name.text, { params, args, body });
        break;
      }
      case 'measure': {
        const q = parseArg(qregs, 'qreg');
        expect('->');
        const c = parseArg(cregs, 'creg');
        if (q.idx.length !== c.idx.length) fail(c.tok, `measure maps ${q.idx.length} qubit(s) to ${c.idx.length} bit(s)`);
        expect(';');
        q.idx.forEach((qi, i) => measurements.push({ qubit: qi, clbit: c.idx[i]! }));
        break;
      }
      case 'barrier': {
        while (peek().kind !== 'eof' && peek().text !== ';') next();
        expect(';');
        break;
      }
      case 'reset':
      case 'if':
      case 'opaque':
        throw new QasmUnsupportedError(t.line, t.column, `"${t.text}" statement`, 'the hqml circuit IR has unitary gates and final measurement only', 'Remove it, or split the program where it occurs');
      default: {
        const values: number[] = [];
        if (peek().text === '(') {
          next();
          while (peek().text !== ')') {
            values.push(parseExpr(new Set())(new Map()));
            if (peek().text === ',') next();
            else if (peek().text !== ')') fail(peek(), `expected "," or ")" but found "${peek().text}"`);
          }
          next();
        }
        const argList = [parseArg(qregs, 'qreg')];
        while (peek().text === ',') {
          next();
          argList.push(parseArg(qregs, 'qreg'));
        }
        expect(';');
        // broadcasting: whole registers of equal size apply the gate index by index
        const width = Math.max(...argList.map((a) => a.idx.length));
        for (const a of argList) if (a.idx.length !== 1 && a.idx.length !== width) fail(a.tok, `registers of sizes ${argList.map((x) => x.idx.length).join(' and ')} cannot be broadcast together`);
        for (let k = 0; k < width; k++) {
          apply(t, argList.map((a) => (a.idx.length === 1 ? a.idx[0]! : a.idx[k]!)), values, emitOp, 0);
        }
      }
    }
  }
  if (qubitNames.length === 0) {
    const e = toks[toks.length - 1]!;
    fail(e, 'the program declares no qreg', 'Add e.g. "qreg q[2];"');
  }
  for (const op of ops) {
    for (const a of op.angles) {
      if (!Number.isFinite(a)) {
        const e = toks[toks.length - 1]!;
        fail(e, `gate ${op.gate} got the non-finite angle ${a}`);
      }
    }
  }
  const circuit = new Circuit({ numQubits: qubitNames.length, numParams: 0, numInputs: 0, ops: ops.map((o) => ({ gate: o.gate, qubits: o.qubits, angles: o.angles.map((a) => constant(a)) })) });
  return { circuit, qubitNames, numClbits, measurements };
}
