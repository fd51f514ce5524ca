import { ValidationError } from '../errors.js';

/** A single-qubit Pauli operator. */
export type Pauli = 'X' | 'Y' | 'Z';

/** One factor of a Pauli string. */
export interface PauliFactor {
  readonly qubit: number;
  readonly pauli: Pauli;
}

/** `coeff * P_1 ⊗ P_2 ⊗ ...`; an empty factor list is `coeff * I`. */
export interface PauliTerm {
  readonly coeff: number;
  readonly factors: readonly PauliFactor[];
}

/**
 * An observable as a weighted sum of Pauli strings (a Hermitian operator, since coefficients
 * are real). Backends return one expectation value per observable.
 */
export interface Observable {
  readonly terms: readonly PauliTerm[];
}

function validateTerm(term: PauliTerm, where: string): void {
  if (!Number.isFinite(term.coeff)) {
    throw new ValidationError({ what: `${where} has coefficient ${term.coeff}`, why: 'coefficients must be finite', fix: 'Use a finite real number' });
  }
  const seen = new Set<number>();
  for (const f of term.factors) {
    if (!Number.isInteger(f.qubit) || f.qubit < 0) {
      throw new ValidationError({ what: `${where} names qubit ${f.qubit}`, why: 'qubits are non-negative integers', fix: 'Write e.g. "Z0 Z1"' });
    }
    if (f.pauli !== 'X' && f.pauli !== 'Y' && f.pauli !== 'Z') {
      throw new ValidationError({ what: `${where} has Pauli "${String(f.pauli)}"`, why: 'allowed Paulis are X, Y, Z', fix: 'Use X, Y or Z' });
    }
    if (seen.has(f.qubit)) {
      throw new ValidationError({ what: `${where} acts twice on qubit ${f.qubit}`, why: 'a Pauli string has at most one factor per qubit', fix: 'Multiply the factors out first' });
    }
    seen.add(f.qubit);
  }
}

/** Builds an observable from terms, validating them. */
export function observable(terms: readonly PauliTerm[]): Observable {
  terms.forEach((t, i) => validateTerm(t, `term ${i}`));
  return Object.freeze({ terms: Object.freeze(terms.map((t) => Object.freeze({ coeff: t.coeff, factors: Object.freeze(t.factors.map((f) => Object.freeze({ ...f }))) }))) });
}

/** A single Pauli string, e.g. `pauliString('ZZ', [0, 1])` or `pauliString('Z', [3], 0.5)`. */
export function pauliString(paulis: string, qubits: readonly number[], coeff = 1): Observable {
  if (paulis.length !== qubits.length) {
    throw new ValidationError({
      what: `pauliString("${paulis}", [${qubits.join(', ')}]) has ${paulis.length} Paulis but ${qubits.length} qubits`,
      why: 'each Pauli needs exactly one qubit',
      fix: 'Pass as many qubits as letters',
    });
  }
  return observable([{ coeff, factors: [...paulis].map((p, i) => ({ pauli: p.toUpperCase() as Pauli, qubit: qubits[i] as number })) }]);
}

/** `Z` on one qubit: the usual readout. */
export function pauliZ(qubit: number): Observable {
  return pauliString('Z', [qubit]);
}

const FACTOR = /^([XYZI])(\d+)$/i;

/**
 * Parses text such as `"Z0 Z1"`, `"0.5*X0 Y1 - 2*Z3"` or `"Z0*Z1 + X2"` (factors separated by
 * spaces or `*`; terms by `+`/`-`; `I` factors are dropped).
 */
export function parseObservable(text: string): Observable {
  const src = text.trim();
  if (src.length === 0) {
    throw new ValidationError({ what: 'The observable text is empty', fix: 'Write e.g. "Z0" or "0.5*Z0 Z1 + X2"' });
  }
  const terms: PauliTerm[] = [];
  const pieces = src.replace(/\s*([+-])\s*/g, ' $1').split(/ (?=[+-])/);
  for (const raw of pieces) {
    let piece = raw.trim();
    // a leading sign leaves an empty first piece, which is no term (not the identity)
    if (piece.length === 0) continue;
    let sign = 1;
    if (piece.startsWith('+')) piece = piece.slice(1).trim();
    else if (piece.startsWith('-')) {
      sign = -1;
      piece = piece.slice(1).trim();
    }
    if (piece.length === 0) {
      throw new ValidationError({ what: `A "${raw.trim()}" in observable "${text}" has no term after it`, why: 'each sign starts a term', fix: 'Write e.g. "Z0 - 0.5*Z1"' });
    }
    let coeff = sign;
    const factors: PauliFactor[] = [];
    for (const tok of piece.split(/[\s*]+/).filter((t) => t.length > 0)) {
      const m = FACTOR.exec(tok);
      if (m) {
        const p = (m[1] as string).toUpperCase();
        if (p !== 'I') factors.push({ pauli: p as Pauli, qubit: Number(m[2]) });
        continue;
      }
      const num = Number(tok);
      if (tok.length > 0 && Number.isFinite(num)) {
        coeff *= num;
        continue;
      }
      throw new ValidationError({
        what: `Cannot read "${tok}" in observable "${text}"`,
        why: 'a term is an optional number followed by factors like X0, Y3, Z12',
        fix: 'Write e.g. "0.5*Z0 Z1 + X2"',
      });
    }
    terms.push({ coeff, factors });
  }
  return observable(terms);
}

/** The largest qubit index an observable touches, or -1 for a multiple of the identity. */
export function maxQubit(obs: Observable): number {
  let m = -1;
  for (const t of obs.terms) for (const f of t.factors) m = Math.max(m, f.qubit);
  return m;
}

/** Text form, the inverse of {@link parseObservable}. */
export function formatObservable(obs: Observable): string {
  return obs.terms
    .map((t) => {
      const f = t.factors.map((x) => `${x.pauli}${x.qubit}`).join(' ');
      if (f.length === 0) return String(t.coeff);
      return t.coeff === 1 ? f : `${t.coeff}*${f}`;
    })
    .join(' + ');
}
