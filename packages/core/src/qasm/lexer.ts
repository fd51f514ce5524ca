import { QasmSyntaxError } from './qasmErrors.js';

/** A token of OpenQASM 2.0 text. */
export interface Token {
  readonly kind: 'id' | 'num' | 'str' | 'sym' | 'eof';
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const SYMBOLS = ['->', '==', ';', ',', '(', ')', '[', ']', '{', '}', '+', '-', '*', '/', '^'];
const ID = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUM = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const SPACE = /[ \t\r\f\v\u00a0\ufeff]+/y;

/**
 * Reads OpenQASM text one token at a time, dropping whitespace and comments.
 *
 * Design note: tokens are produced on demand (one token of look-ahead), so the memory the parser
 * holds does not grow with the length of the file; a hostile 100 MB file costs time, not a token
 * array of gigabytes. Past the end it keeps answering the `eof` token, so no loop of the parser can
 * run off the end of an array.
 */
export class Lexer {
  private i = 0;
  private line = 1;
  private col = 1;
  private ahead: Token | undefined;

  constructor(private readonly src: string) {}

  /** The next token, without consuming it. */
  peek(): Token {
    this.ahead ??= this.read();
    return this.ahead;
  }

  /** Consumes and returns the next token. */
  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.ahead = undefined;
    return t;
  }

  private advance(n: number): void {
    for (let k = 0; k < n; k++) {
      if (this.src.charCodeAt(this.i) === 10) {
        this.line++;
        this.col = 1;
      } else this.col++;
      this.i++;
    }
  }

  private match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const m = re.exec(this.src);
    return m ? m[0] : undefined;
  }

  private read(): Token {
    const src = this.src;
    for (;;) {
      if (this.i >= src.length) return { kind: 'eof', text: '<end of file>', line: this.line, column: this.col };
      const ch = src[this.i]!;
      if (ch === '\n') { this.advance(1); continue; }
      const sp = this.match(SPACE);
      if (sp) { this.i += sp.length; this.col += sp.length; continue; }
      if (src.startsWith('//', this.i)) {
        const end = src.indexOf('\n', this.i);
        const stop = end < 0 ? src.length : end;
        this.col += stop - this.i;
        this.i = stop;
        continue;
      }
      if (src.startsWith('/*', this.i)) {
        const end = src.indexOf('*/', this.i + 2);
        if (end < 0) throw new QasmSyntaxError(this.line, this.col, 'unterminated /* comment', 'Close it with */');
        this.advance(end + 2 - this.i);
        continue;
      }
      break;
    }
    const start = { line: this.line, column: this.col };
    const id = this.match(ID);
    if (id) { this.i += id.length; this.col += id.length; return { kind: 'id', text: id, ...start }; }
    const num = this.match(NUM);
    if (num) { this.i += num.length; this.col += num.length; return { kind: 'num', text: num, ...start }; }
    const ch = src[this.i]!;
    if (ch === '"') {
      const end = src.indexOf('"', this.i + 1);
      const nl = src.indexOf('\n', this.i + 1);
      if (end < 0 || (nl >= 0 && nl < end)) throw new QasmSyntaxError(this.line, this.col, 'unterminated string', 'Close the string with " on the same line');
      const text = src.slice(this.i + 1, end);
      this.advance(end + 1 - this.i);
      return { kind: 'str', text, ...start };
    }
    const sym = SYMBOLS.find((s) => src.startsWith(s, this.i));
    if (sym) { this.i += sym.length; this.col += sym.length; return { kind: 'sym', text: sym, ...start }; }
    const cp = src.codePointAt(this.i)!;
    throw new QasmSyntaxError(this.line, this.col, `unexpected character ${JSON.stringify(String.fromCodePoint(cp))} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`, 'OpenQASM 2 uses ASCII names, numbers and the symbols ; , ( ) [ ] { } + - * / ^ -> ==');
  }
}
