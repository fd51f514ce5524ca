import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HqmlError, ResourceError, UnsupportedError, ValidationError } from '../errors.js';
import { fromDimodBqm, toDimodBqm } from './bqmJson.js';
import { readDimodJson } from './dimodJson.js';
import { IsingModel } from './ising.js';
import type { VariableLabel } from './labels.js';
import { QuboModel } from './qubo.js';
import { SampleSet } from './sampleSet.js';

/** A fixture written by hand from dimod's source (see fixtures/dimod/README.md). */
function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/dimod/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** The JSON text hqml writes, parsed back: what another program reading the file would see. */
function viaJson<T>(doc: T): unknown {
  return JSON.parse(JSON.stringify(doc));
}

describe("dimod BQM documents (hand-written from dimod's to_serializable)", () => {
  it('reads a SPIN model with a tuple label in the document order, energies by hand', () => {
    const m = fromDimodBqm(fixture('bqm-spin-tuple-labels.json'));
    expect(m).toBeInstanceOf(IsingModel);
    expect(m.labels).toEqual(['b', ['a', 1], 'c']);
    expect(m.linearBias(['a', 1])).toBe(-1);
    expect(m.quadraticBias(['a', 1], 'b')).toBe(0.5);
    // (b, (a, 1), c) = (+1, -1, -1): 0.25 + 1.5 + 1 + 0 - 0.5 + 2 = 4.25
    expect(m.energy([1, -1, -1])).toBe(4.25);
  });

  it('writes the same document for the same model (labels unsortable: model order kept)', () => {
    const m = IsingModel.fromIsing(new Map<VariableLabel, number>([['b', 1.5], [['a', 1], -1]]), [[['a', 1], 'b', 0.5], ['b', 'c', -2]], 0.25);
    expect(viaJson(m.toSerializable())).toEqual(fixture('bqm-spin-tuple-labels.json'));
  });

  it('sorts sortable labels as dimod does, and reads them back', () => {
    const m = QuboModel.fromBiases(new Map([[3, -1], [1, 2]]), [[3, 1, 4]], 0.5);
    expect(m.labels).toEqual([3, 1]);
    expect(viaJson(toDimodBqm(m))).toEqual(fixture('bqm-binary-int-labels.json'));
    const back = fromDimodBqm(fixture('bqm-binary-int-labels.json'));
    expect(back).toBeInstanceOf(QuboModel);
    expect(back.labels).toEqual([1, 3]);
    // x1 = x3 = 1: 0.5 + 2 - 1 + 4 = 5.5
    expect(back.energy([1, 1])).toBe(5.5);
  });

  it('refuses bad documents with the field named', () => {
    const good = fixture('bqm-spin-tuple-labels.json');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...good, version: { bqm_schema: '1.0.0' } }, /bqm_schema is "1.0.0"/],
      [{ ...good, num_variables: 1e12 }, /num_variables is 1000000000000 but there are 3 labels/],
      [{ ...good, quadratic_head: [0, 7] }, /quadratic_head\[1\] is 7/],
      [{ ...good, linear_biases: [1e308, 1e308, 0] }, /overflow/],
      [{ ...good, linear_biases: [1, 'x', 0] }, /linear_biases\[1\] is "x"/],
      [{ ...good, variable_labels: ['b', 'b', 'c'] }, /both labelled 'b'/],
      [{ ...good, variable_type: 'INTEGER' }, /variable_type is "INTEGER"/],
    ];
    for (const [doc, message] of cases) expect(() => fromDimodBqm(doc)).toThrow(message);
    expect(() => fromDimodBqm({ ...good, use_bytes: true })).toThrow(UnsupportedError);
  });
});

describe("dimod SampleSet documents (hand-written from dimod's to_serializable)", () => {
  it('unpacks a packed SPIN set with a tuple label', () => {
    const ss = SampleSet.fromSerializable(fixture('sampleset-spin-packed.json'));
    expect(ss.vartype).toBe('SPIN');
    expect(ss.variables).toEqual(['a', 'b', ['c', 0]]);
    expect(ss.toJSON().samples).toEqual([[-1, 1, -1], [1, 1, 1]]);
    expect(Array.from(ss.energies)).toEqual([-0.5, 1]);
    expect(Array.from(ss.numOccurrences)).toEqual([2, 1]);
    expect(ss.first.value(['c', 0])).toBe(-1);
    expect(ss.info).toEqual({ solver: 'hand' });
    expect(viaJson(ss.toSerializable())).toEqual(fixture('sampleset-spin-packed.json'));
  });

  it('unpacks two words per row (34 variables, bit 31 set) and keeps extra vectors', () => {
    const ss = SampleSet.fromSerializable(fixture('sampleset-binary-34vars-packed.json'));
    const ones = [0, 5, 31, 32, 33];
    expect(Array.from(ss.sample(0))).toEqual(Array.from({ length: 34 }, (_, i) => (ones.includes(i) ? 1 : 0)));
    expect(Array.from(ss.sample(1))).toEqual(new Array(34).fill(0));
    expect(Array.from(ss.vectors['chain_break_fraction']!.data)).toEqual([0, 0.5]);
    expect(ss.numReads).toBe(5);
    expect(viaJson(ss.toSerializable())).toEqual(fixture('sampleset-binary-34vars-packed.json'));
  });

  it('reads and writes unpacked samples and keeps info', () => {
    const ss = SampleSet.fromSerializable(fixture('sampleset-spin-unpacked.json'));
    expect(ss.toJSON().samples).toEqual([[-1, 1], [1, 1]]);
    expect(ss.info).toEqual({ timing: { qpu_access_time: 1234.5 }, problem_id: 'abc' });
    expect(viaJson(ss.toSerializable({ packSamples: false }))).toEqual(fixture('sampleset-spin-unpacked.json'));
  });

  it('reads and writes the empty set', () => {
    const ss = SampleSet.fromSerializable(fixture('sampleset-empty.json'));
    expect(ss.size).toBe(0);
    expect(ss.numVariables).toBe(0);
    expect(viaJson(ss.toSerializable())).toEqual(fixture('sampleset-empty.json'));
  });

  it('readDimodJson tells the two kinds apart', () => {
    expect(readDimodJson(fixture('sampleset-spin-packed.json')).kind).toBe('sampleset');
    expect(readDimodJson(fixture('bqm-binary-int-labels.json')).kind).toBe('bqm');
    expect(() => readDimodJson({ type: 'ConstrainedQuadraticModel' }, 'cqm.json')).toThrow(/cqm.json has type "ConstrainedQuadraticModel"/);
  });

  it('refuses bad documents with the field named, sizes before allocation', () => {
    const good = fixture('sampleset-spin-packed.json');
    const sd = good['sample_data'] as Record<string, unknown>;
    const cases: Array<[Record<string, unknown>, RegExp | (new (...a: never[]) => Error)]> = [
      [{ ...good, version: { sampleset_schema: '2.0.0' } }, /sampleset_schema is "2.0.0"/],
      [{ ...good, num_variables: 1e12 }, /variable_labels has 3 entries.*num_variables says 1000000000000/],
      [{ ...good, sample_data: { ...sd, shape: [2, 2] } }, /data\[0\] has 1 entries.*shape \[2,2\] says 2/],
      [{ ...good, sample_data: { ...sd, shape: [1e12, 1] } }, /data has 2 entries/],
      [{ ...good, sample_data: { ...sd, data_type: 'int8' } }, /data_type "int8".*packed samples are uint32/],
      [{ ...good, sample_data: { ...sd, data: [[2], [-7]] } }, /uint32 values are not negative/],
      [{ ...good, sample_data: { ...sd, use_bytes: true } }, UnsupportedError],
      [{ ...good, vectors: {} }, /vectors has no "energy"/],
      [{ ...good, num_rows: 5 }, /num_rows is 5/],
      [{ ...good, variable_type: 'DISCRETE' }, UnsupportedError],
      [{ ...good, vectors: { ...(good['vectors'] as object), num_occurrences: { type: 'array', data: [0, 1], data_type: 'int64', shape: [2], use_bytes: false } } }, /numOccurrences\[1\] is 0|numOccurrences\[0\] is 0/],
      [{ ...good, vectors: { ...(good['vectors'] as object), energy: { type: 'array', data: [Number.POSITIVE_INFINITY, 1], data_type: 'float64', shape: [2], use_bytes: false } } }, /data value 0 is Infinity/],
    ];
    for (const [doc, expected] of cases) expect(() => SampleSet.fromSerializable(doc)).toThrow(expected as RegExp);
  });

  it('a huge declared row count with few labels is a ResourceError before allocation', () => {
    const labels = Array.from({ length: 200_000 }, (_, i) => i);
    const doc = {
      ...fixture('sampleset-empty.json'),
      num_variables: labels.length,
      variable_labels: labels,
      num_rows: 2 ** 31,
      vectors: { energy: { type: 'array', data: new Array(0), data_type: 'float64', shape: [0], use_bytes: false } },
    };
    // energy has 0 rows, so num_rows disagrees: refused before any sample buffer is made
    expect(() => SampleSet.fromSerializable(doc)).toThrow(/num_rows is 2147483648/);
  });
});

describe('round trips and fuzzing', () => {
  const label = fc.oneof(fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 4 }), fc.tuple(fc.string({ maxLength: 2 }), fc.nat(3)));

  it('labelled models survive to/from serializable through JSON text (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(label, { minLength: 1, maxLength: 6, selector: (l) => JSON.stringify(l) }), fc.array(fc.tuple(fc.nat(5), fc.nat(5), fc.integer({ min: -9, max: 9 }))), fc.boolean(), (labels, raw, spin) => {
        const n = labels.length;
        const quadratic = raw.filter(([i, j]) => i < n && j < n && i !== j);
        const input = { linear: labels.map((_, i) => i - 1.5), quadratic, offset: 0.5, labels: labels as VariableLabel[] };
        const m = spin ? new IsingModel(input) : new QuboModel(input);
        const back = fromDimodBqm(viaJson(m.toSerializable()));
        expect(back.vartype).toBe(m.vartype);
        const [lo, hi] = m.domain;
        for (let mask = 0; mask < 2 ** n; mask++) {
          const assign = new Map(labels.map((l, i) => [l as VariableLabel, (mask >> i) & 1 ? hi : lo]));
          expect(back.energy(back.sampleFrom(assign))).toBeCloseTo(m.energy(m.sampleFrom(assign)), 9);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('sample sets survive packed and unpacked serialisation (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70 }), fc.integer({ min: 0, max: 5 }), fc.boolean(), fc.boolean(), fc.integer(), (n, rows, spin, pack, seed) => {
        const values = spin ? [-1, 1] : [0, 1];
        const samples = Array.from({ length: n * rows }, (_, k) => values[(Math.imul(seed ^ k, 2654435761) >>> 7) & 1]!);
        const ss = SampleSet.fromSamples({ variables: Array.from({ length: n }, (_, i) => `v${i}`), vartype: spin ? 'SPIN' : 'BINARY', samples, energies: Array.from({ length: rows }, (_, r) => r - 2.5), numOccurrences: Array.from({ length: rows }, (_, r) => r + 1) });
        const back = SampleSet.fromSerializable(viaJson(ss.toSerializable({ packSamples: pack })));
        expect(back.toJSON()).toEqual(ss.toJSON());
      }),
      { numRuns: 200 },
    );
  });

  it('arbitrary JSON never crashes the readers: a result or an hqml error (fuzz)', () => {
    const good = [fixture('sampleset-spin-packed.json'), fixture('sampleset-binary-34vars-packed.json'), fixture('bqm-spin-tuple-labels.json')];
    // Mutate one field of a good document to an arbitrary JSON value, at the top or one level down.
    const mutated = fc.tuple(fc.constantFrom(...good), fc.nat(20), fc.nat(20), fc.jsonValue({ maxDepth: 3 })).map(([doc, a, b, value]) => {
      const keys = Object.keys(doc);
      const k = keys[a % keys.length]!;
      const inner = doc[k];
      if (typeof inner === 'object' && inner !== null && !Array.isArray(inner) && b % 2 === 0) {
        const ik = Object.keys(inner);
        return { ...doc, [k]: { ...inner, [ik[b % Math.max(1, ik.length)] ?? 'x']: value } };
      }
      return { ...doc, [k]: value };
    });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.jsonValue({ maxDepth: 4 })), (doc) => {
        for (const read of [() => SampleSet.fromSerializable(doc), () => fromDimodBqm(doc), () => readDimodJson(doc), () => SampleSet.fromJSON(doc)]) {
          try {
            read();
          } catch (err) {
            if (!(err instanceof HqmlError)) throw err;
            expect(err instanceof ValidationError || err instanceof UnsupportedError || err instanceof ResourceError).toBe(true);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
