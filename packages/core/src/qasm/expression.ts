import type { Lexer, Token } from './lexer.js';
import { QasmResourceError, QasmSyntaxError } from './qasmErrors.js';

/** A compiled parameter expression: evaluates against the values of a gate's parameters. */
export type Expr = (env: readonly number[]) => number;

/** What an expression may refer to, and how deep it may nest. */
export interface ExprScope {
  /** Parameter name to its position in `env` (empty outside a gate definition). */
  readonly params: ReadonlyMap<string, number>;
  readonly maxDepth: number;
}

/** The functions of the OpenQASM 2 paper, plus asin, acos and atan (Qiskit's loader has them too). */
const FUNCS: Readonly<Record<string, (x: number) => number>> = {
  sin: Math.sin, cos: Math.cos, tan: Math.tan, exp: Math.exp, ln: Math.log, sqrt: Math.sqrt,
  asin: Math.asin, acos: Math.acos, atan: Math.atan,
};

const HELP = 'Use numbers, pi, the gate\'s parameters, + - * / ^, parentheses and sin cos tan exp ln sqrt asin acos atan';

interface Node {
  readonly f: Expr;
  /** The value when the expression depends on no parameter (folded at parse time). */
  readonly value?: number;
}

const lit = (v: number): Node => ({ f: () => v, value: v });

function binary(l: Node, r: Node, op: (a: number, b: number) => number): Node {
  if (l.value !== undefined && r.value !== undefined) return lit(op(l.value, r.value));
  const a = l.f, b = r.f;
  return { f: (env) => op(a(env), b(env)) };
}

/**
 * Parses one expression from `lx` (precedence: + - below * / below unary minus below ^, which is
 * right-associative) and compiles it.
 *
 * Design note: the grammar is recursive, so nesting is counted and refused beyond
 * `scope.maxDepth` with a QasmResourceError: a file of ten thousand `(` gives a clear error, not a
 * stack overflow. Sub-expressions without parameters are folded once, here.
 */
export function parseExpression(lx: Lexer, scope: ExprScope): Expr {
  let depth = 0;
  const enter = (t: Token): void => {
    if (++depth > scope.maxDepth) {
      throw new QasmResourceError(t.line, t.column, `expression nested more than ${scope.maxDepth} deep`, 'deep nesting is refused before it can overflow the parser\'s stack', 'Simplify the expression, or raise the maxExpressionDepth option of parseQasm');
    }
  };
  const add = (): Node => {
    let l = mul();
    for (let t = lx.peek(); t.kind === 'sym' && (t.text === '+' || t.text === '-'); t = lx.peek()) {
      lx.next();
      const r = mul();
      l = t.text === '+' ? binary(l, r, (a, b) => a + b) : binary(l, r, (a, b) => a - b);
    }
    return l;
  };
  const mul = (): Node => {
    let l = unary();
    for (let t = lx.peek(); t.kind === 'sym' && (t.text === '*' || t.text === '/'); t = lx.peek()) {
      lx.next();
      const r = unary();
      l = t.text === '*' ? binary(l, r, (a, b) => a * b) : binary(l, r, (a, b) => a / b);
    }
    return l;
  };
  const unary = (): Node => {
    const t = lx.peek();
    if (t.kind === 'sym' && (t.text === '-' || t.text === '+')) {
      lx.next();
      enter(t);
      const e = unary();
      depth--;
      if (t.text === '+') return e;
      if (e.value !== undefined) return lit(-e.value);
      const f = e.f;
      return { f: (env) => -f(env) };
    }
    return pow();
  };
  const pow = (): Node => {
    const base = atom();
    const t = lx.peek();
    if (t.kind === 'sym' && t.text === '^') {
      lx.next();
      enter(t);
      const ex = unary();
      depth--;
      return binary(base, ex, (a, b) => a ** b);
    }
    return base;
  };
  const atom = (): Node => {
    const t = lx.next();
    if (t.kind === 'num') return lit(Number(t.text));
    if (t.kind === 'sym' && t.text === '(') {
      enter(t);
      const e = add();
      close(t);
      depth--;
      return e;
    }
    if (t.kind === 'id') {
      if (t.text === 'pi') return lit(Math.PI);
      const fn = FUNCS[t.text];
      if (fn) {
        const open = lx.next();
        if (open.text !== '(' || open.kind !== 'sym') throw new QasmSyntaxError(open.line, open.column, `expected "(" after ${t.text} but found "${open.text}"`);
        enter(open);
        const e = add();
        close(open);
        depth--;
        if (e.value !== undefined) return lit(fn(e.value));
        const f = e.f;
        return { f: (env) => fn(f(env)) };
      }
      const index = scope.params.get(t.text);
      if (index !== undefined) return { f: (env) => env[index]! };
      throw new QasmSyntaxError(t.line, t.column, `unknown identifier "${t.text}" in an expression`, HELP);
    }
    throw new QasmSyntaxError(t.line, t.column, `expected a number, pi, a parameter or "(" but found "${t.text}"`, HELP);
  };
  const close = (open: Token): void => {
    const t = lx.next();
    if (t.kind !== 'sym' || t.text !== ')') {
      throw new QasmSyntaxError(t.line, t.column, `expected ")" to close the "(" of line ${open.line}, column ${open.column}, but found "${t.text}"`);
    }
  };
  return add().f;
}
