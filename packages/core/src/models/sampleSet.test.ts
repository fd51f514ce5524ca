import { describe, expect, it } from 'vitest';
import { IsingModel } from './ising.js';
import { SampleSet } from './sampleSet.js';
import { fromDimodBqm, toDimodBqm } from './bqmJson.js';
import { QuboModel } from './qubo.js';

const model = IsingModel.from({ h: [0.5, -1], J: [[0, 1, 2]] });
// energies: (+,+) = 0.5 - 1 + 2 = 1.5; (+,-) = 0.5 + 1 - 2 = -0.5; (-,+) = -0.5 - 1 - 2 = -3.5; (-,-) = -0.5 + 1 + 2 = 2.5

describe('SampleSet', () => {
  const ss = SampleSet.fromModel(model, Int8Array.from([1, 1, -1, 1, 1, -1, -1, 1, 1, 1]), { info: { timing: { wallSeconds: 0.5 } } });

  it('sorts by energy and computes energies with the model', () => {
    expect(Array.from(ss.energies)).toEqual([-3.5, -3.5, -0.5, 1.5, 1.5]);
    expect(Array.from(ss.first.sample)).toEqual([-1, 1]);
    expect(ss.numReads).toBe(5);
  });

  it('aggregates identical samples and sums occurrences', () => {
    const agg = ss.aggregate();
    expect(agg.size).toBe(3);
    expect(Array.from(agg.numOccurrences)).toEqual([2, 1, 2]);
    expect(agg.numReads).toBe(5);
    expect(Array.from(agg.energies)).toEqual([-3.5, -0.5, 1.5]);
  });

  it('lowest and truncate', () => {
    expect(ss.lowest().size).toBe(2);
    expect(ss.truncate(3).size).toBe(3);
    expect(ss.truncate(99).size).toBe(5);
  });

  it('is immutable: accessors return copies', () => {
    const e = ss.energies;
    e[0] = 100;
    expect(ss.energies[0]).toBe(-3.5);
    expect(Object.isFrozen(ss)).toBe(true);
  });

  it('round-trips through JSON with info', () => {
    const back = SampleSet.fromJSON(JSON.parse(JSON.stringify(ss.aggregate())));
    expect(back.toJSON()).toEqual(ss.aggregate().toJSON());
    expect(back.info.timing?.wallSeconds).toBe(0.5);
  });

  it('converts spins to bits with QUBO energies', () => {
    const q = model.toQubo();
    const bits = ss.changeVartype('BINARY', q);
    expect(bits.vartype).toBe('BINARY');
    expect(Array.from(bits.first.sample)).toEqual([0, 1]);
    expect(bits.first.energy).toBeCloseTo(-3.5, 12);
  });

  it('rejects malformed input', () => {
    expect(() => SampleSet.fromSamples({ variables: [0, 1], vartype: 'SPIN', samples: [1, 0], energies: [0] })).toThrow(/variable 1 is 0/);
    expect(() => SampleSet.fromSamples({ variables: [0, 1], vartype: 'SPIN', samples: [1], energies: [0] })).toThrow(/1 sample values for 1 energies and 2 variables/);
    expect(() => SampleSet.fromJSON({ type: 'nope' })).toThrow(/expected an object with type "SampleSet"/);
  });
});

describe('dimod BQM JSON', () => {
  it('round-trips an Ising model', () => {
    const m = IsingModel.from({ h: [1, 0, -2], J: [[0, 2, 0.5], [1, 2, -1]], offset: 3, labels: ['a', 'b', 'c'] });
    const json = toDimodBqm(m);
    expect(json.variable_type).toBe('SPIN');
    expect(json.quadratic_head).toEqual([0, 1]);
    const back = fromDimodBqm(JSON.parse(JSON.stringify(json)));
    expect(back).toBeInstanceOf(IsingModel);
    expect(back.labels).toEqual(['a', 'b', 'c']);
    expect(back.energy([1, -1, 1])).toBeCloseTo(m.energy([1, -1, 1]), 12);
  });

  it('reads a BINARY model as written by dimod (hand-made document)', () => {
    // dimod: BQM({'x': -1, 'y': 2}, {('x', 'y'): 3}, 0.5, 'BINARY').to_serializable()
    const doc = {
      type: 'BinaryQuadraticModel', version: { bqm_schema: '3.0.0' }, use_bytes: false, index_type: 'int32', bias_type: 'float64',
      num_variables: 2, num_interactions: 1, variable_labels: ['x', 'y'], variable_type: 'BINARY', offset: 0.5, info: {},
      linear_biases: [-1, 2], quadratic_biases: [3], quadratic_head: [0], quadratic_tail: [1],
    };
    const q = fromDimodBqm(doc);
    expect(q).toBeInstanceOf(QuboModel);
    expect(q.energy([1, 1])).toBeCloseTo(0.5 - 1 + 2 + 3, 12);
  });

  it('explains what is wrong with a bad document', () => {
    expect(() => fromDimodBqm({ type: 'BinaryQuadraticModel', version: { bqm_schema: '1.0.0' } })).toThrow(/bqm_schema is "1.0.0".*schemas 2.x and 3.x/);
    expect(() => fromDimodBqm({ type: 'Other' })).toThrow(/type is "Other"/);
  });
});

describe('SampleSet as a dimod user expects', () => {
  const labelled = IsingModel.fromIsing({ a: 1, b: -1 }, [['a', ['c', 2], 0.5]]);
  // rows (a, b, (c, 2)): energies by hand: (-,+,+) -1 - 1 - 0.5 = -2.5; (-,+,-) -1 - 1 + 0.5 = -1.5; (+,+,+) 1 - 1 + 0.5 = 0.5
  const rows = Int8Array.from([1, 1, 1, -1, 1, 1, -1, 1, -1, -1, 1, 1]);
  const ss = SampleSet.fromModel(labelled, rows, { vectors: { chain_break_fraction: [0.1, 0.2, 0.3, 0.4] } });

  it('rows carry labels: first.value, toMap, record', () => {
    expect(ss.variables).toEqual(['a', 'b', ['c', 2]]);
    expect(ss.first.energy).toBe(-2.5);
    expect(ss.first.value(['c', 2])).toBe(1);
    expect([...ss.first.toMap().entries()]).toEqual([['a', -1], ['b', 1], [['c', 2], 1]]);
    expect(() => ss.first.value('z')).toThrow(/unknown variable 'z'/);
    const rec = ss.record;
    expect(rec.sample.map((r) => Array.from(r))).toEqual([[-1, 1, 1], [-1, 1, 1], [-1, 1, -1], [1, 1, 1]]);
    expect(Array.from(rec.energy)).toEqual([-2.5, -2.5, -1.5, 0.5]);
    expect(Array.from(rec.vectors['chain_break_fraction']!.data)).toEqual([0.2, 0.4, 0.3, 0.1]);
  });

  it('aggregate sums occurrences and keeps the first row\'s vectors, like dimod', () => {
    const agg = ss.aggregate();
    expect(agg.size).toBe(3);
    expect(Array.from(agg.numOccurrences)).toEqual([2, 1, 1]);
    expect(Array.from(agg.vectors['chain_break_fraction']!.data)).toEqual([0.2, 0.3, 0.1]);
  });

  it('lowest uses dimod\'s rtol and atol', () => {
    const near = SampleSet.fromSamples({ variables: [0], vartype: 'SPIN', samples: [1, -1, 1], energies: [-1000, -1000.005, -999] });
    // |E - min| <= atol + rtol * |min| = 1e-8 + 1e-5 * 1000.005 ~ 0.01: both -1000.005 and -1000
    expect(near.lowest().size).toBe(2);
    expect(near.lowest({ rtol: 0 }).size).toBe(1);
    expect(near.lowest({ rtol: 0, atol: 2 }).size).toBe(3);
    expect(() => near.lowest({ atol: -1 })).toThrow(/atol is -1/);
  });

  it('slice, truncate and concatenate', () => {
    expect(ss.slice(1, 3).size).toBe(2);
    expect(ss.slice(-1).first.energy).toBe(0.5);
    const joined = SampleSet.concatenate([ss.truncate(1), ss.slice(3)]);
    expect(Array.from(joined.energies)).toEqual([-2.5, 0.5]);
    const otherOrder = SampleSet.fromSamples({ variables: [['c', 2], 'b', 'a'], vartype: 'SPIN', samples: [-1, 1, 1], energies: [7], vectors: { chain_break_fraction: [0] } });
    const j2 = SampleSet.concatenate([ss.truncate(1), otherOrder]);
    expect(Array.from(j2.sample(1))).toEqual([1, 1, -1]);
    expect(() => SampleSet.concatenate([ss, ss.changeVartype('BINARY')])).toThrow(/BINARY/);
  });

  it('refuses infinite energies and duplicate labels', () => {
    expect(() => SampleSet.fromSamples({ variables: [0], vartype: 'SPIN', samples: [1], energies: [Number.POSITIVE_INFINITY] })).toThrow(/energy 0 is Infinity/);
    expect(() => SampleSet.fromSamples({ variables: [['a'], ['a']], vartype: 'SPIN', samples: [], energies: [] })).toThrow(/appears twice/);
  });
});
