import { Circuit } from '../circuit/circuit.js';
import { constant } from '../circuit/angle.js';
import type { GateName } from '../circuit/gates.js';
import { ValidationError, describeValue } from '../errors.js';
import { type Expr, parseExpression } from './expression.js';
import { Lexer, type Token } from './lexer.js';
import { type LibraryGate, QELIB1 } from './qelib1.js';
import { QasmResourceError, QasmSyntaxError, QasmUnsupportedError } from './qasmErrors.js';
import { type GateSink, emitControlled } from './synthesis.js';

/** One classical bit's final source: the qubit (flat index) whose end-of-circuit value it holds. */
export interface QasmMeasurement {
  readonly qubit: number;
  readonly clbit: number;
}

/** A `qreg` or `creg` of the program: its flat indices are `offset .. offset + size - 1`. */
export interface QasmRegister {
  readonly name: string;
  readonly size: number;
  readonly offset: number;
}

/** Limits of {@link parseQasm}; each is checked before the memory or time it guards is spent. */
export interface ParseQasmOptions {
  /** Qubits of all qregs plus the ancillas deferred measurement adds (default 100,000). */
  readonly maxQubits?: number;
  /** Classical bits of all cregs (default 100,000). */
  readonly maxClbits?: number;
  /** IR gates after expanding every gate definition and conditional (default 1,000,000). */
  readonly maxGates?: number;
  /** Nesting of parentheses, unary signs and powers in one expression (default 256). */
  readonly maxExpressionDepth?: number;
}

/** The default limits of {@link parseQasm}. */
export const QASM_LIMITS: Required<ParseQasmOptions> = Object.freeze({ maxQubits: 100_000, maxClbits: 100_000, maxGates: 1_000_000, maxExpressionDepth: 256 });

/** The result of {@link parseQasm}. */
export interface QasmProgram {
  /**
   * The circuit: qubits `0 .. qubitNames.length - 1` are the program's qubits in qreg declaration
   * order; any further ones are ancillas of deferred measurement (see `ancillas`).
   */
  readonly circuit: Circuit;
  /** `name[i]` of every program qubit (not the ancillas). */
  readonly qubitNames: readonly string[];
  readonly qregs: readonly QasmRegister[];
  readonly cregs: readonly QasmRegister[];
  /** Number of classical bits over all cregs. */
  readonly numClbits: number;
  /**
   * Where each measured classical bit reads its value at the end of the circuit, by clbit. Bits
   * never measured read 0.
   */
  readonly measurements: readonly QasmMeasurement[];
  /** Qubits added to keep mid-circuit measurement results and to reset qubits (deferred measurement). */
  readonly ancillas: number;
  /** Number of `if` statements (classically controlled gates, run as quantum-controlled ones). */
  readonly conditionals: number;
}

interface RegisterInfo extends QasmRegister { readonly line: number }

interface BodyCall {
  readonly tok: Token;
  readonly gate: GateRef;
  readonly params: readonly Expr[];
  readonly args: readonly number[];
}

interface UserGate {
  readonly kind: 'user';
  readonly name: string;
  readonly line: number;
  readonly params: number;
  readonly qubits: number;
  readonly body: readonly BodyCall[];
  readonly size: number;
  /** Per argument: whether the gate commutes with measuring it (a control or a diagonal use). */
  readonly preserves: readonly boolean[];
  /** An opaque gate the body applies (directly or deeper), which makes the gate unusable. */
  readonly opaque: { readonly name: string; readonly line: number } | undefined;
}

interface LibRef { readonly kind: 'lib'; readonly name: string; readonly lib: LibraryGate; readonly preserves: readonly boolean[] }
interface OpaqueGate { readonly kind: 'opaque'; readonly name: string; readonly line: number; readonly params: number; readonly qubits: number }
type GateRef = LibRef | UserGate | OpaqueGate;

const sizeOf = (g: GateRef): number => (g.kind === 'opaque' ? 0 : g.kind === 'lib' ? g.lib.size : g.size);
const paramsOf = (g: GateRef): number => (g.kind === 'lib' ? g.lib.params : g.params);
const qubitsOf = (g: GateRef): number => (g.kind === 'lib' ? g.lib.qubits : g.qubits);

/**
 * Which arguments of each library gate commute with a measurement of that qubit (the gate is
 * block-diagonal in its computational basis: a control, or a diagonal gate). A measured qubit used
 * only this way keeps its recorded value, so no ancilla is needed to defer the measurement.
 */
const PRESERVES: Readonly<Record<string, readonly number[]>> = {
  u1: [0], p: [0], z: [0], s: [0], sdg: [0], t: [0], tdg: [0], rz: [0], id: [0], u0: [0],
  cx: [0], CX: [0], cy: [0], cz: [0, 1], ch: [0], crx: [0], cry: [0], crz: [0], cu1: [0, 1], cp: [0, 1], cu3: [0], cu: [0], csx: [0],
  rzz: [0, 1], ccx: [0, 1], cswap: [0], rccx: [0, 1], rc3x: [0, 1, 2], c3x: [0, 1, 2], c3sqrtx: [0, 1, 2], c4x: [0, 1, 2, 3],
};

const LIB_REFS: ReadonlyMap<string, LibRef> = new Map(
  [...QELIB1].map(([name, lib]) => [name, { kind: 'lib', name, lib, preserves: Array.from({ length: lib.qubits }, (_, i) => (PRESERVES[name] ?? []).includes(i)) }]),
);

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function checkLimit(name: keyof ParseQasmOptions, value: unknown): number {
  if (value === undefined) return QASM_LIMITS[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ValidationError({ what: `parseQasm option ${name} is ${describeValue(value)}`, why: 'limits are positive integers', fix: `Pass e.g. ${name}: ${QASM_LIMITS[name]} (the default)` });
  }
  return value;
}

/**
 * Parses OpenQASM 2.0 into a circuit of IR gates.
 *
 * - Gates: every gate of qelib1.inc, the paper's and Qiskit's extended one, with Qiskit's matrices
 *   (they are available whether or not the program includes the file); `gate` definitions;
 *   `opaque` declarations (applying one is a QasmUnsupportedError).
 * - A program's own definition of a qelib1.inc gate name, with the same parameter and qubit counts,
 *   is accepted and the standard gate is used, as Qiskit's loader does; other counts are an error.
 * - Measurement is deferred, never reordered: a measured qubit that is later changed first has its
 *   value copied onto an ancilla (CNOT), so each classical bit reads at the end what it held when it
 *   was measured. `reset` swaps the qubit with a fresh ancilla (nothing, if the qubit is still |0>).
 *   `if (c == n) gate` becomes the gate controlled by the qubits that hold c's bits. The classical
 *   results are exactly the program's; `ancillas` and `conditionals` say when the circuit's
 *   quantum state is not the program's own (amplitudes then have no meaning).
 * - Qubits of several qregs are numbered in declaration order; qubit 0 is the least significant bit
 *   of a basis index, as in Qiskit.
 * - Malformed text is a QasmSyntaxError, a construct hqml cannot run a QasmUnsupportedError, a
 *   program over the limits of `options` a QasmResourceError, each naming line and column. Limits
 *   are checked before allocating: `qreg q[2000000000]` or a gate definition that doubles at each
 *   level is refused at once.
 */
export function parseQasm(src: string, options: ParseQasmOptions = {}): QasmProgram {
  if (typeof src !== 'string') {
    throw new ValidationError({ what: `parseQasm got ${describeValue(src)}`, why: 'it parses OpenQASM text', fix: 'Pass the file contents as a string' });
  }
  const maxQubits = checkLimit('maxQubits', options.maxQubits);
  const maxClbits = checkLimit('maxClbits', options.maxClbits);
  const maxGates = checkLimit('maxGates', options.maxGates);
  const maxDepth = checkLimit('maxExpressionDepth', options.maxExpressionDepth);

  const lx = new Lexer(src);
  const fail = (t: Token, what: string, fix?: string): never => {
    throw new QasmSyntaxError(t.line, t.column, what, fix);
  };
  const expectSym = (text: string, after?: Token): Token => {
    const t = lx.next();
    if (t.kind !== 'sym' || t.text !== text) {
      fail(t, `expected "${text}"${after ? ` after "${after.text}" of line ${after.line}` : ''} but found "${t.text}"`);
    }
    return t;
  };
  const expectId = (what = 'a name'): Token => {
    const t = lx.next();
    if (t.kind !== 'id') fail(t, `expected ${what} but found "${t.text}"`);
    return t;
  };
  const isSym = (text: string): boolean => {
    const t = lx.peek();
    return t.kind === 'sym' && t.text === text;
  };
  /** A non-negative integer literal, as a bigint (any length is read exactly; the caller bounds it). */
  const expectInt = (): { value: bigint; tok: Token } => {
    const t = lx.next();
    if (t.kind !== 'num' || !/^\d+$/.test(t.text)) fail(t, `expected a non-negative integer but found "${t.text}"`);
    return { value: BigInt(t.text), tok: t };
  };

  const qregs = new Map<string, RegisterInfo>();
  const cregs = new Map<string, RegisterInfo>();
  const gates = new Map<string, UserGate | OpaqueGate>();
  /** qelib1 names a program defined itself (accepted once, then the standard gate is used). */
  const redefined = new Map<string, number>();
  const qubitNames: string[] = [];
  let numQubits = 0;
  let numClbits = 0;
  let ancillas = 0;
  let conditionals = 0;
  const ops: { gate: GateName; qubits: readonly number[]; angles: readonly number[] }[] = [];
  /** Program qubits that may no longer be |0> (a gate that does not commute with measuring them acted). */
  const touched = new Set<number>();
  /** clbit -> qubit that holds its value; qubit -> the clbits it holds. */
  const clbitQubit = new Map<number, number>();
  const qubitClbits = new Map<number, Set<number>>();
  /** Program qubits measured since they last changed (their collapse is still to be recorded). */
  const measured = new Set<number>();
  let stmt: Token = lx.peek();

  const sink: GateSink = {
    emit(gate, qubits, angles) {
      if (ops.length >= maxGates) sink.reserve(1);
      ops.push({ gate, qubits: [...qubits], angles: [...angles] });
    },
    reserve(count) {
      if (ops.length + count > maxGates) {
        throw new QasmResourceError(stmt.line, stmt.column, `this statement would expand the circuit to more than ${maxGates} gates (${ops.length} so far, ${count} more)`, 'gate definitions and conditionals are expanded into IR gates, and the budget is checked before they are built', 'Raise the maxGates option of parseQasm (hqml qasm run --max-gates N), or simplify the program');
      }
    },
  };

  /**
   * A fresh |0> qubit for deferred measurement. Ancillas are numbered -1, -2, ... while parsing and
   * placed after the program's qubits at the end, so a qreg declared late keeps its place.
   */
  const allocateAncilla = (why: string): number => {
    if (numQubits + ancillas + 1 > maxQubits) {
      throw new QasmResourceError(stmt.line, stmt.column, `${why} needs qubit ${numQubits + ancillas + 1} (an ancilla)`, `the limit is ${maxQubits} qubits`, 'Raise the maxQubits option of parseQasm, or measure at the end of the program');
    }
    return -++ancillas;
  };
  const bind = (clbit: number, qubit: number): void => {
    const old = clbitQubit.get(clbit);
    if (old !== undefined) qubitClbits.get(old)?.delete(clbit);
    clbitQubit.set(clbit, qubit);
    let set = qubitClbits.get(qubit);
    if (!set) qubitClbits.set(qubit, (set = new Set()));
    set.add(clbit);
  };
  /**
   * Before a measured qubit `q` changes: copy its value onto a fresh ancilla (CNOT) and move the
   * classical bits it holds there. The copy is needed even when no bit reads it any more (its bit
   * was overwritten): the measurement still collapsed the qubit, and the copy is what decoheres it.
   */
  const saveMeasured = (q: number): void => {
    if (!measured.has(q)) return;
    measured.delete(q);
    const a = allocateAncilla(`keeping the measured value of ${qubitNames[q] ?? `qubit ${q}`} while it is changed`);
    sink.emit('CNOT', [q, a], []);
    const held = qubitClbits.get(q);
    if (held) for (const c of [...held]) bind(c, a);
  };

  /** `name` or `name[i]` of a register: the flat indices it names. */
  const parseRegArg = (kind: 'qreg' | 'creg'): { idx: number[]; tok: Token } => {
    const t = expectId(kind === 'qreg' ? 'a qubit (qreg name)' : 'a classical bit (creg name)');
    const reg = (kind === 'qreg' ? qregs : cregs).get(t.text);
    if (!reg) {
      const other = (kind === 'qreg' ? cregs : qregs).has(t.text);
      fail(t, `unknown ${kind} "${t.text}"${other ? ` ("${t.text}" is a ${kind === 'qreg' ? 'creg' : 'qreg'})` : ''}`, `Declare it first (${kind} ${t.text}[n];)`);
    }
    const r = reg!;
    if (isSym('[')) {
      lx.next();
      const { value, tok } = expectInt();
      expectSym(']');
      if (value >= BigInt(r.size)) fail(tok, `index ${value} is out of range for ${r.name}[${r.size}]`, `Use an index from 0 to ${r.size - 1}`);
      return { idx: [r.offset + Number(value)], tok: t };
    }
    return { idx: Array.from({ length: r.size }, (_, i) => r.offset + i), tok: t };
  };

  /** Comma-separated arguments; whole registers broadcast index by index. */
  const parseArgList = (): { rows: number[][]; toks: Token[] } => {
    const list = [parseRegArg('qreg')];
    while (isSym(',')) {
      lx.next();
      list.push(parseRegArg('qreg'));
    }
    const width = Math.max(...list.map((a) => a.idx.length));
    for (const a of list) {
      if (a.idx.length !== 1 && a.idx.length !== width) fail(a.tok, `registers of sizes ${list.map((x) => x.idx.length).join(' and ')} cannot be broadcast together`, 'Broadcast registers of equal size, or index single qubits');
    }
    const rows = Array.from({ length: width }, (_, k) => list.map((a) => (a.idx.length === 1 ? a.idx[0]! : a.idx[k]!)));
    return { rows, toks: list.map((a) => a.tok) };
  };

  const parseParamList = (scope: ReadonlyMap<string, number>): Expr[] => {
    const out: Expr[] = [];
    if (!isSym('(')) return out;
    const open = lx.next();
    if (isSym(')')) { lx.next(); return out; }
    for (;;) {
      out.push(parseExpression(lx, { params: scope, maxDepth }));
      const t = lx.next();
      if (t.kind === 'sym' && t.text === ')') return out;
      if (t.kind !== 'sym' || t.text !== ',') fail(t, `expected "," or ")" in the parameters opened at line ${open.line}, column ${open.column}, but found "${t.text}"`);
    }
  };

  const lookupGate = (t: Token): GateRef => {
    const user = gates.get(t.text);
    if (user) return user;
    const lib = LIB_REFS.get(t.text);
    if (lib) return lib;
    return fail(t, `unknown gate "${t.text}"`, 'Define it with "gate" before this line; the known qelib1.inc gates are ' + [...QELIB1.keys()].join(' '));
  };

  const checkCall = (t: Token, g: GateRef, nParams: number, args: readonly (number | string)[]): void => {
    if (nParams !== paramsOf(g)) fail(t, `gate "${t.text}" takes ${plural(paramsOf(g), 'parameter')}, got ${nParams}`);
    if (args.length !== qubitsOf(g)) fail(t, `gate "${t.text}" acts on ${plural(qubitsOf(g), 'qubit')}, got ${args.length}`);
    if (new Set(args).size !== args.length) fail(t, `gate "${t.text}" is applied to the same qubit twice`, 'Each argument of one gate must be a different qubit');
  };

  const evalParams = (t: Token, g: GateRef, exprs: readonly Expr[], env: readonly number[]): number[] => {
    const values = exprs.map((e) => e(env));
    values.forEach((v, i) => {
      if (!Number.isFinite(v)) fail(t, `parameter ${i + 1} of gate "${t.text}" evaluates to ${v}`, 'Angles must be finite; check for a division by zero or an overflow');
    });
    return values;
  };

  /** Expands one application into IR gates (iteratively: definition chains of any length cost no stack). */
  const expand = (t: Token, root: GateRef, rootValues: number[], rootQubits: number[], controls: readonly number[]): void => {
    const out: GateSink = controls.length === 0 ? sink : { emit: (g, q, a) => emitControlled(g, q, a, controls, sink), reserve: sink.reserve };
    const stack: { g: GateRef; values: number[]; qubits: number[] }[] = [{ g: root, values: rootValues, qubits: rootQubits }];
    while (stack.length > 0) {
      const { g, values, qubits } = stack.pop()!;
      if (g.kind === 'lib') g.lib.expand(values, qubits, out);
      else if (g.kind === 'user') {
        for (let k = g.body.length - 1; k >= 0; k--) {
          const call = g.body[k]!;
          const v = call.params.map((e) => e(values));
          v.forEach((x, i) => {
            if (!Number.isFinite(x)) {
              fail(t, `parameter ${i + 1} of "${call.tok.text}" (line ${call.tok.line}, in the definition of "${g.name}") evaluates to ${x}`, 'Angles must be finite; check for a division by zero or an overflow');
            }
          });
          stack.push({ g: call.gate, values: v, qubits: call.args.map((a) => qubits[a]!) });
        }
      }
    }
  };

  const preservesOf = (g: GateRef): readonly boolean[] => (g.kind === 'opaque' ? Array.from({ length: g.qubits }, () => false) : g.preserves);

  /** A gate statement at top level, possibly under `if`: `name(params) args;`. */
  const gateStatement = (t: Token, condition: { creg: RegisterInfo; value: bigint } | undefined): void => {
    const g = lookupGate(t);
    const exprs = parseParamList(new Map());
    const { rows } = parseArgList();
    expectSym(';', t);
    if (rows.length > 0) checkCall(t, g, exprs.length, rows[0]!);
    if (g.kind === 'opaque') {
      throw new QasmUnsupportedError(t.line, t.column, `gate "${g.name}" is declared opaque (line ${g.line})`, 'an opaque gate has no definition, so there is nothing to simulate', 'Replace the opaque declaration with a gate definition');
    }
    if (g.kind === 'user' && g.opaque) {
      throw new QasmUnsupportedError(t.line, t.column, `gate "${g.name}" applies the opaque gate "${g.opaque.name}" (declared at line ${g.opaque.line})`, 'an opaque gate has no definition, so there is nothing to simulate', `Define "${g.opaque.name}" with a gate definition`);
    }
    const values = evalParams(t, g, exprs, []);
    if (!condition) sink.reserve(rows.length * sizeOf(g));
    const pres = preservesOf(g);
    for (const row of rows) {
      if (condition) {
        // controls must be disjoint from the gate's qubits: copy what those qubits hold first
        for (const q of row) saveMeasured(q);
        const controls = conditionControls(condition);
        if (controls === undefined) continue;
        const flips = controls.filter((c) => !c.one).map((c) => c.qubit);
        for (const q of flips) sink.emit('X', [q], []);
        expand(t, g, values, row, controls.map((c) => c.qubit));
        for (const q of flips) sink.emit('X', [q], []);
      } else {
        row.forEach((q, i) => { if (!pres[i]) saveMeasured(q); });
        expand(t, g, values, row, []);
      }
      row.forEach((q, i) => { if (!pres[i]) touched.add(q); });
    }
  };

  /**
   * The qubits (and required values) that decide `creg == value`, or undefined when it can never
   * hold. Unmeasured bits are 0; two bits on one qubit must agree.
   */
  const conditionControls = (cond: { creg: RegisterInfo; value: bigint }): { qubit: number; one: boolean }[] | undefined => {
    const { creg, value } = cond;
    if (value >> BigInt(creg.size) !== 0n) return undefined;
    const need = new Map<number, boolean>();
    for (let i = 0; i < creg.size; i++) {
      const one = ((value >> BigInt(i)) & 1n) === 1n;
      const q = clbitQubit.get(creg.offset + i);
      if (q === undefined) {
        if (one) return undefined;
        continue;
      }
      const prev = need.get(q);
      if (prev !== undefined && prev !== one) return undefined;
      need.set(q, one);
    }
    return [...need].map(([qubit, one]) => ({ qubit, one }));
  };

  const declareRegister = (t: Token): void => {
    const kind = t.text as 'qreg' | 'creg';
    const name = expectId(`a ${kind} name`);
    expectSym('[');
    const { value: size, tok } = expectInt();
    expectSym(']');
    expectSym(';', t);
    const prev = qregs.get(name.text) ?? cregs.get(name.text);
    if (prev) fail(name, `register "${name.text}" is already declared (line ${prev.line})`, 'Use another name');
    if (gates.has(name.text)) fail(name, `"${name.text}" is already a gate name`, 'Use another name for the register');
    if (size === 0n) fail(tok, `${kind} ${name.text}[0] has no bits`, 'Declare a size of at least 1');
    const [count, limit, option] = kind === 'qreg' ? [numQubits + ancillas, maxQubits, 'maxQubits'] : [numClbits, maxClbits, 'maxClbits'];
    if (BigInt(count) + size > BigInt(limit)) {
      throw new QasmResourceError(t.line, t.column, `${kind} ${name.text}[${size}] would make ${BigInt(count) + size} ${kind === 'qreg' ? 'qubits' : 'classical bits'}`, `the limit is ${limit}, checked before anything is allocated`, `Raise the ${option} option of parseQasm if the program really needs it`);
    }
    const n = Number(size);
    if (kind === 'qreg') {
      qregs.set(name.text, { name: name.text, size: n, offset: numQubits, line: t.line });
      for (let i = 0; i < n; i++) qubitNames.push(`${name.text}[${i}]`);
      numQubits += n;
    } else {
      cregs.set(name.text, { name: name.text, size: n, offset: numClbits, line: t.line });
      numClbits += n;
    }
  };

  /** `gate name(params) args { body }` and `opaque name(params) args;`. */
  const declareGate = (t: Token): void => {
    const name = expectId('a gate name');
    const params: string[] = [];
    if (isSym('(')) {
      lx.next();
      if (!isSym(')')) {
        for (;;) {
          const p = expectId('a parameter name');
          if (params.includes(p.text)) fail(p, `parameter "${p.text}" is declared twice`);
          params.push(p.text);
          if (isSym(',')) { lx.next(); continue; }
          break;
        }
      }
      expectSym(')');
    }
    const args: string[] = [];
    for (;;) {
      const a = expectId('a qubit argument name');
      if (args.includes(a.text)) fail(a, `argument "${a.text}" is declared twice`);
      if (params.includes(a.text)) fail(a, `"${a.text}" is both a parameter and an argument`);
      args.push(a.text);
      if (isSym(',')) { lx.next(); continue; }
      break;
    }
    const existing = gates.get(name.text);
    if (existing) fail(name, `gate "${name.text}" is already defined (line ${existing.line})`, 'Give the new gate another name');
    if (name.text === 'U' || name.text === 'CX') fail(name, `"${name.text}" is built into the language and cannot be redefined`);
    if (qregs.has(name.text) || cregs.has(name.text)) fail(name, `"${name.text}" is already a register name`, 'Use another name for the gate');
    const lib = QELIB1.get(name.text);
    if (lib) {
      if (lib.params !== params.length || lib.qubits !== args.length) {
        fail(name, `gate "${name.text}" is a qelib1.inc gate with ${plural(lib.params, 'parameter')} and ${plural(lib.qubits, 'qubit')}; this definition has ${plural(params.length, 'parameter')} and ${plural(args.length, 'qubit')}`, 'Give the gate another name');
      }
      const prev = redefined.get(name.text);
      if (prev !== undefined) fail(name, `gate "${name.text}" is already defined (line ${prev})`);
      redefined.set(name.text, name.line);
    }
    if (t.text === 'opaque') {
      expectSym(';', t);
      if (!lib) gates.set(name.text, { kind: 'opaque', name: name.text, line: name.line, params: params.length, qubits: args.length });
      return;
    }
    const open = expectSym('{');
    const scope = new Map(params.map((p, i) => [p, i]));
    const body: BodyCall[] = [];
    const preserves = args.map(() => true);
    let size = 0;
    let opaque: UserGate['opaque'];
    for (;;) {
      const g = lx.next();
      if (g.kind === 'sym' && g.text === '}') break;
      if (g.kind === 'eof') fail(g, `the body of gate "${name.text}" (opened at line ${open.line}) is not closed`, 'Add "}"');
      if (g.kind !== 'id') fail(g, `expected a gate application or "}" in the body of "${name.text}" but found "${g.text}"`);
      if (g.text === 'barrier') {
        if (!isSym(';')) bodyArgs(g, args);
        expectSym(';', g);
        continue;
      }
      if (['measure', 'reset', 'if', 'gate', 'opaque', 'qreg', 'creg'].includes(g.text)) {
        fail(g, `"${g.text}" is not allowed in the body of gate "${name.text}"`, 'A gate body holds gate applications and barriers only');
      }
      const ref = g.text === name.text ? fail(g, `gate "${name.text}" applies itself`, 'Gates cannot be recursive') : lookupGate(g);
      const exprs = parseParamList(scope);
      const argIdx = bodyArgs(g, args);
      expectSym(';', g);
      checkCall(g, ref, exprs.length, argIdx);
      const pres = preservesOf(ref);
      argIdx.forEach((a, i) => { if (!pres[i]) preserves[a] = false; });
      size += sizeOf(ref);
      if (ref.kind === 'opaque') opaque ??= { name: ref.name, line: ref.line };
      else if (ref.kind === 'user' && ref.opaque) opaque ??= ref.opaque;
      body.push({ tok: g, gate: ref, params: exprs, args: argIdx });
    }
    // a compatible definition of a qelib1 name is checked, then the standard gate is used
    if (!lib) gates.set(name.text, { kind: 'user', name: name.text, line: name.line, params: params.length, qubits: args.length, body, size, preserves, opaque });
  };

  const bodyArgs = (g: Token, args: readonly string[]): number[] => {
    const out: number[] = [];
    for (;;) {
      const a = expectId('a qubit argument');
      const i = args.indexOf(a.text);
      if (i < 0) fail(a, `"${a.text}" is not an argument of this gate (its arguments: ${args.join(', ')})`);
      if (isSym('[')) fail(lx.peek(), `arguments inside a gate body cannot be indexed ("${a.text}[...]")`);
      out.push(i);
      if (isSym(',')) { lx.next(); continue; }
      return out;
    }
  };

  const measureStatement = (t: Token): void => {
    const q = parseRegArg('qreg');
    expectSym('->');
    const c = parseRegArg('creg');
    expectSym(';', t);
    if (q.idx.length !== c.idx.length) fail(c.tok, `measure maps ${plural(q.idx.length, 'qubit')} to ${plural(c.idx.length, 'bit')}`, 'Measure a register into a creg of the same size, or one qubit into one bit');
    q.idx.forEach((qi, i) => {
      bind(c.idx[i]!, qi);
      measured.add(qi);
    });
  };

  const resetStatement = (t: Token): void => {
    const { rows } = parseArgList();
    expectSym(';', t);
    for (const [q] of rows) {
      if (!touched.has(q!)) continue; // still |0>
      const a = allocateAncilla(`reset of ${qubitNames[q!]}`);
      sink.emit('SWAP', [q!, a], []);
      const held = qubitClbits.get(q!);
      if (held) for (const c of [...held]) bind(c, a);
      touched.delete(q!);
      measured.delete(q!);
    }
  };

  // header
  if (lx.peek().kind === 'id' && lx.peek().text === 'OPENQASM') {
    const h = lx.next();
    const v = lx.next();
    if (v.text !== '2.0' && v.text !== '2') {
      throw new QasmUnsupportedError(v.line, v.column, `OPENQASM ${v.text}`, 'only OpenQASM 2.0 is supported', 'Export the circuit as OpenQASM 2.0');
    }
    expectSym(';', h);
  }
  for (;;) {
    const t = lx.next();
    stmt = t;
    if (t.kind === 'eof') break;
    if (t.kind === 'sym' && t.text === ';') continue;
    if (t.kind !== 'id') fail(t, `expected a statement but found "${t.text}"`);
    switch (t.text) {
      case 'OPENQASM':
        fail(t, '"OPENQASM" must be the first statement');
        break;
      case 'include': {
        const f = lx.next();
        if (f.kind !== 'str') fail(f, 'expected a file name in quotes');
        if (f.text !== 'qelib1.inc') throw new QasmUnsupportedError(f.line, f.column, `include "${f.text}"`, 'only qelib1.inc is known (files are not read)', 'Paste the gate definitions of that file into the program');
        expectSym(';', t);
        break;
      }
      case 'qreg':
      case 'creg':
        declareRegister(t);
        break;
      case 'gate':
      case 'opaque':
        declareGate(t);
        break;
      case 'measure':
        measureStatement(t);
        break;
      case 'reset':
        resetStatement(t);
        break;
      case 'barrier':
        if (!isSym(';')) parseArgList();
        expectSym(';', t);
        break;
      case 'if': {
        expectSym('(', t);
        const cname = expectId('a creg name');
        const creg = cregs.get(cname.text);
        if (!creg) fail(cname, `unknown creg "${cname.text}"`, `Declare it first (creg ${cname.text}[n];)`);
        expectSym('==');
        const { value } = expectInt();
        expectSym(')');
        const op = expectId('a gate, measure or reset after the condition');
        if (op.text === 'measure' || op.text === 'reset') {
          throw new QasmUnsupportedError(op.line, op.column, `conditional ${op.text}`, `hqml runs "if" by deferred measurement, which covers conditional gates but not a conditional ${op.text}`, `Make the ${op.text} unconditional, or condition the gates that use its result`);
        }
        if (['gate', 'opaque', 'qreg', 'creg', 'if', 'barrier', 'include'].includes(op.text)) fail(op, `"${op.text}" cannot follow an if condition`);
        conditionals++;
        gateStatement(op, { creg: creg!, value });
        break;
      }
      default:
        gateStatement(t, undefined);
    }
  }
  if (numQubits === 0) fail(stmt, 'the program declares no qreg', 'Add e.g. "qreg q[2];"');
  const place = (q: number): number => (q < 0 ? numQubits - q - 1 : q);
  const circuit = new Circuit({
    numQubits: numQubits + ancillas,
    numParams: 0,
    numInputs: 0,
    ops: ops.map((o) => ({ gate: o.gate, qubits: o.qubits.map(place), angles: o.angles.map((a) => constant(a)) })),
  });
  const measurements = [...clbitQubit].sort(([a], [b]) => a - b).map(([clbit, qubit]) => ({ qubit: place(qubit), clbit }));
  const regs = (m: Map<string, RegisterInfo>): QasmRegister[] => [...m.values()].map(({ name, size, offset }) => ({ name, size, offset }));
  return { circuit, qubitNames, qregs: regs(qregs), cregs: regs(cregs), numClbits, measurements, ancillas, conditionals };
}

/**
 * The classical bits of a program for one outcome of its circuit's qubits, as a bit string in
 * Qiskit's order: classical bit 0 is the rightmost character. Works for any number of bits.
 * @param outcome a basis index of `program.circuit` (qubit q is bit q of the index)
 */
export function clbitString(program: QasmProgram, outcome: number): string {
  const bits = new Array<string>(program.numClbits).fill('0');
  for (const m of program.measurements) {
    if (Math.floor(outcome / 2 ** m.qubit) % 2 === 1) bits[program.numClbits - 1 - m.clbit] = '1';
  }
  return bits.join('');
}
