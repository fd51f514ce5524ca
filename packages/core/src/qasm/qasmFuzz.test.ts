import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Circuit } from '../circuit/circuit.js';
import { HqmlError } from '../errors.js';
import { parseQasm } from './parser.js';

/** Parses and reports what came out: a program, or an hqml error. Anything else (TypeError, RangeError) fails the property. */
function outcome(src: string): 'ok' | 'hqml-error' {
  try {
    const p = parseQasm(src, { maxGates: 50_000, maxQubits: 64 });
    expect(p.circuit).toBeInstanceOf(Circuit);
    expect(p.circuit.numQubits).toBe(p.qubitNames.length + p.ancillas);
    return 'ok';
  } catch (e) {
    if (e instanceof HqmlError) {
      expect(e.message).toMatch(/^OpenQASM line \d+, column \d+: /);
      return 'hqml-error';
    }
    throw e;
  }
}

const VOCABULARY = [
  'OPENQASM 2.0;', 'include "qelib1.inc";', 'qreg', 'creg', 'q', 'c', 'r', '[', ']', '0', '1', '2', '3', '7', '40', '2000000000', '1e308', '.5',
  '(', ')', '{', '}', ',', ';', '->', '==', 'gate', 'opaque', 'measure', 'reset', 'barrier', 'if', 'h', 'x', 'cx', 'ccx', 'c4x', 'u3', 'rx', 'cu', 'rccx',
  'pi', '+', '-', '*', '/', '^', 'sin', 'sqrt', 'ln', 'g', 'a', 'b', 't', '\n', '//', '/*', '*/', '"', 'U', 'CX',
];

const SEEDS = [
  'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[3];\ncreg c[3];\nh q[0];\ncx q[0],q[1];\nmeasure q[0] -> c[0];\nif(c==1) x q[2];\nreset q[0];\nmeasure q -> c;\n',
  'OPENQASM 2.0;\ninclude "qelib1.inc";\ngate g(t) a,b { rx(t/2) a; cx a,b; barrier a,b; u3(t,-t,pi^2) b; }\nqreg q[5];\ng(pi/3) q[0],q[1];\nc4x q[0],q[1],q[2],q[3],q[4];\nccx q[1],q[2],q[3];\n',
  'qreg a[2]; qreg b[2]; creg c[2]; cx a, b; measure a -> c; if (c == 3) cu(1,2,3,4) b[0], b[1]; opaque o(x) p; rccx a[0], a[1], b[0];',
];

describe('parser fuzz (fast-check): it terminates and throws only hqml errors with a line number', () => {
  it('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => { outcome(s); }), { numRuns: 400, seed: 1 });
  });

  it('token soup from the OpenQASM vocabulary', () => {
    const soup = fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 80 }).map((t) => t.join(' '));
    fc.assert(fc.property(soup, (s) => { outcome(s); }), { numRuns: 1500, seed: 2 });
  });

  it('valid programs with random edits (deletions, duplications, insertions)', () => {
    for (const s of SEEDS) expect(outcome(s)).toBe('ok');
    const edit = fc.tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.nat(12), fc.integer({ min: 0, max: 2 }), fc.constantFrom(...VOCABULARY)), { minLength: 1, maxLength: 3 }))
      .map(([seed, edits]) => {
        let s = seed;
        for (const [at, len, kind, tok] of edits) {
          const i = at % (s.length + 1);
          if (kind === 0) s = s.slice(0, i) + s.slice(i + len);
          else if (kind === 1) s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
          else s = `${s.slice(0, i)} ${tok} ${s.slice(i)}`;
        }
        return s;
      });
    const seen = { ok: 0, 'hqml-error': 0 };
    fc.assert(fc.property(edit, (s) => { seen[outcome(s)]++; }), { numRuns: 2000, seed: 3 });
    // both sides were reached: the edits are neither all harmless nor all fatal
    expect(seen.ok).toBeGreaterThan(50);
    expect(seen['hqml-error']).toBeGreaterThan(50);
  });
});
