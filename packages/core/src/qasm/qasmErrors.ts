import { ResourceError, UnsupportedError, ValidationError } from '../errors.js';

/** A syntax or semantic error in OpenQASM text, at a 1-based line and column. */
export class QasmSyntaxError extends ValidationError {
  readonly line: number;
  readonly column: number;
  constructor(line: number, column: number, what: string, fix?: string) {
    super({ what: `OpenQASM line ${line}, column ${column}: ${what}`, ...(fix ? { fix } : {}) });
    this.line = line;
    this.column = column;
  }
}

/** A valid OpenQASM 2.0 construct that hqml cannot run (an opaque gate, a conditional measure, ...). */
export class QasmUnsupportedError extends UnsupportedError {
  readonly line: number;
  readonly column: number;
  constructor(line: number, column: number, what: string, why: string, fix?: string) {
    super({ what: `OpenQASM line ${line}, column ${column}: ${what}`, why, ...(fix ? { fix } : {}) });
    this.line = line;
    this.column = column;
  }
}

/**
 * A program that would exceed a limit of {@link parseQasm} (qubits, classical bits, expanded gates,
 * expression depth), detected before the memory or time is spent.
 */
export class QasmResourceError extends ResourceError {
  readonly line: number;
  readonly column: number;
  constructor(line: number, column: number, what: string, why: string, fix: string) {
    super({ what: `OpenQASM line ${line}, column ${column}: ${what}`, why, fix });
    this.line = line;
    this.column = column;
  }
}
