import { QasmSyntaxError } from './qasmErrors.js';

/** A token of OpenQASM 2.0 text. */
export interface Token {
  readonly kind: 'id' | 'num' | 'str' | 'sym' | 'eof';
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const SYMBOLS = ['->', '==', ';', ',', '(', ')', '[', ']', '{', '}', '+', '-', '*', '/', '^'];

/** Splits OpenQASM text into tokens, dropping whitespace and `//` comments. */
export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0, line = 1, col = 1;
  const adv = (n: number): void => {
    for (let k = 0; k < n; k++) {
      if (src[i] === '\n') { line++; col = 1; } else col++;
      i++;
    }
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) { adv(1); continue; }
    if (src.startsWith('//', i)) { while (i < src.length && src[i] !== '\n') adv(1); continue; }
    if (src.startsWith('/*', i)) {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new QasmSyntaxError(line, col, 'unterminated /* comment', 'Close it with */');
      adv(end + 2 - i);
      continue;
    }
    const start = { line, column: col };
    let m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 256));
    if (m) { out.push({ kind: 'id', text: m[0], ...start }); adv(m[0].length); continue; }
    m = /^(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/.exec(src.slice(i, i + 256));
    if (m) { out.push({ kind: 'num', text: m[0], ...start }); adv(m[0].length); continue; }
    if (ch === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new QasmSyntaxError(line, col, 'unterminated string', 'Close the string with "');
      out.push({ kind: 'str', text: src.slice(i + 1, end), ...start });
      adv(end + 1 - i);
      continue;
    }
    const sym = SYMBOLS.find((s) => src.startsWith(s, i));
    if (sym) { out.push({ kind: 'sym', text: sym, ...start }); adv(sym.length); continue; }
    throw new QasmSyntaxError(line, col, `unexpected character ${JSON.stringify(ch)}`);
  }
  out.push({ kind: 'eof', text: '<end of file>', line, column: col });
  return out;
}
