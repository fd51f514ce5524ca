import { IsingModel, QuboModel, ValidationError, toDimodBqm } from '@hqml/core';
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
