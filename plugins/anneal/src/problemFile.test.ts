import { IsingModel, QuboModel, ResourceError, UnsupportedError, ValidationError, toDimodBqm } from '@hqml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessFormat, parseProblem, parseQuboJson } from './problemFile.js';

describe('problem files', () => {
  it('reads QUBO JSON entries like dimod\'s Q dict (diagonal = linear, pairs summed)', () => {
    const q = parseQuboJson({ Q: [[0, 0, -1], [0, 1, 2], [1, 0, 1], [2, 2, 3]], offset: 1 });
    expect(q).toBeInstanceOf(QuboModel);
    // E(1, 1, 0) = 1 - 1 + (2 + 1) = 3; E(0, 0, 1) = 1 + 3 = 4
    expect(q.energy([1, 1, 0])).toBe(3);
    expect(q.energy([0, 0, 1])).toBe(4);
    expect(parseQuboJson([[0, 1, 1]]).numVariables).toBe(2);
    // a negative number is not an index, so the entries are labels (dimod allows -1 as a label)
    expect(parseQuboJson({ Q: [[0, -1, 1]] }).labels).toEqual([0, -1]);
    expect(parseQuboJson({ Q: [['x', ['y', 2], 1], ['x', 'x', -1]] }).labels).toEqual(['x', ['y', 2]]);
    expect(() => parseQuboJson({ Q: [['x', 'y', 1]], numVariables: 3 })).toThrow(/labelled entries and numVariables/);
    expect(() => parseQuboJson({ Q: [[0, 1]] })).toThrow(ValidationError);
    expect(() => parseQuboJson({ Q: [[{}, 1, 1]] })).toThrow(/a variable label is/);
    expect(() => parseQuboJson({ Q: [[0, 1, Number.NaN]] })).toThrow(/NaN/);
    expect(() => parseQuboJson({ q: [] })).toThrow(/"Q"/);
  });

  it('round-trips dimod BQM JSON and guesses formats', () => {
    const m = IsingModel.from({ h: [0.5, 0], J: [[0, 1, -1]], offset: 2 });
    const text = JSON.stringify(toDimodBqm(m));
    expect(guessFormat('x.json', text)).toBe('bqm-json');
    expect(guessFormat('x.json', '{"Q": []}')).toBe('qubo-json');
    expect(guessFormat('G1.txt', '800 19176\n')).toBe('gset');
    const read = parseProblem(text, 'bqm-json', 'x.json').model;
    expect(read.energy([1, -1])).toBe(m.energy([1, -1]));
    expect(() => parseProblem('{not json', 'qubo-json', 'bad.json')).toThrow(/not valid JSON/);
  });
});

describe('problem readers under fuzzing (fast-check)', () => {
  const isHqml = (err: unknown): boolean => err instanceof ValidationError || err instanceof ResourceError || err instanceof UnsupportedError;

  it('G-set text: arbitrary and mutated files parse or give an hqml error, never a crash', () => {
    const good = '4 4\n1 2 1\n2 3 -1\n1 3 2.5\n3 4 1\n';
    const mutated = fc.tuple(fc.nat(good.length), fc.nat(good.length), fc.string({ maxLength: 12 })).map(([a, b, s]) => good.slice(0, Math.min(a, b)) + s + good.slice(Math.max(a, b)));
    const numbers = fc.array(fc.oneof(fc.integer({ min: -3, max: 10 }), fc.constantFrom('1e400', 'NaN', '1e15', '-0', '0x10', '1.5', '')), { maxLength: 12 }).map((xs) => xs.join(' ').replace(/ (\d) /g, '\n$1 '));
    fc.assert(
      fc.property(fc.oneof(mutated, numbers, fc.string({ maxLength: 60 })), (text) => {
        try {
          const p = parseProblem(text, 'gset', 'fuzz.txt');
          // a file that parses is a consistent model: every energy is finite
          expect(Number.isFinite(p.model.energy(new Array(p.model.numVariables).fill(1)))).toBe(true);
        } catch (err) {
          if (!isHqml(err)) throw err;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('QUBO and BQM JSON: arbitrary JSON values parse or give an hqml error, never a crash', () => {
    const entry = fc.tuple(fc.oneof(fc.integer({ min: -2, max: 6 }), fc.string({ maxLength: 2 }), fc.constant(1e15)), fc.oneof(fc.integer({ min: 0, max: 6 }), fc.string({ maxLength: 2 })), fc.oneof(fc.double(), fc.string({ maxLength: 2 })));
    const doc = fc.oneof(fc.record({ Q: fc.array(entry, { maxLength: 6 }), offset: fc.oneof(fc.double(), fc.constant(undefined)) }), fc.jsonValue({ maxDepth: 3 }));
    fc.assert(
      fc.property(doc, fc.constantFrom('qubo-json' as const, 'bqm-json' as const), (json, format) => {
        try {
          parseProblem(JSON.stringify(json) ?? 'null', format, 'fuzz.json');
        } catch (err) {
          if (!isHqml(err)) throw err;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
