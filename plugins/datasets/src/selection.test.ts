import { ValidationError } from '@hqml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectSamples } from './selection.js';

// 10 classes, label of sample i is (i * 7) % 10 over 200 samples: 20 per class, interleaved.
const labels = Uint8Array.from({ length: 200 }, (_, i) => (i * 7) % 10);

describe('selectSamples', () => {
  it('keeps the listed classes, re-indexed in the given order', () => {
    const s = selectSamples(labels, 10, 'test', { classes: [3, 1] });
    expect(s.classes).toEqual([3, 1]);
    expect(s.indices.length).toBe(40);
    for (let k = 0; k < s.indices.length; k++) {
      const orig = labels[s.indices[k] as number];
      expect(s.labels[k]).toBe(orig === 3 ? 0 : 1);
    }
  });

  it("perClass 'first' takes the first samples of each class in file order (the seed code's choice)", () => {
    const s = selectSamples(labels, 10, 'test', { classes: [0, 5], perClass: 3 });
    const expected: number[] = [];
    const seen = [0, 0];
    labels.forEach((l, i) => {
      const c = l === 0 ? 0 : l === 5 ? 1 : -1;
      if (c >= 0 && (seen[c] as number) < 3) {
        seen[c] = (seen[c] as number) + 1;
        expected.push(i);
      }
    });
    expect(Array.from(s.indices)).toEqual(expected);
  });

  it("perClass 'random' is seeded: same seed same subset, other seed other subset, exact counts", () => {
    const a = selectSamples(labels, 10, 'test', { perClass: 4, selection: 'random', seed: 11 });
    const b = selectSamples(labels, 10, 'test', { perClass: 4, selection: 'random', seed: 11 });
    const c = selectSamples(labels, 10, 'test', { perClass: 4, selection: 'random', seed: 12 });
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.indices)).not.toEqual(Array.from(c.indices));
    for (let k = 0; k < 10; k++) expect(a.labels.filter((l) => l === k).length).toBe(4);
  });

  it('limit caps the total after the class filter', () => {
    const s = selectSamples(labels, 10, 'train', { classes: [2], limit: 5 });
    expect(s.indices.length).toBe(5);
    expect(Array.from(s.indices)).toEqual(Array.from(labels.keys()).filter((i) => labels[i] === 2).slice(0, 5));
  });

  it('validation: train and validation partition the pool, stratified, for any fraction and seed', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.6, noNaN: true }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2, max: 20 }), (v, seed, perClass) => {
        fc.pre(Math.round(perClass * v) >= 1);
        const opts = { classes: [1, 4, 7], perClass, validation: v, seed };
        const tr = selectSamples(labels, 10, 'train', opts);
        const va = selectSamples(labels, 10, 'validation', opts);
        const all = selectSamples(labels, 10, 'test', { classes: [1, 4, 7], perClass });
        const union = [...tr.indices, ...va.indices].sort((x, y) => x - y);
        expect(union).toEqual(Array.from(all.indices));
        for (let k = 0; k < 3; k++) expect(va.labels.filter((l) => l === k).length).toBe(Math.round(perClass * v));
      }),
      { numRuns: 200 },
    );
  });

  it('the hold-out depends on the seed', () => {
    const a = selectSamples(labels, 10, 'validation', { validation: 0.2, seed: 1 });
    const b = selectSamples(labels, 10, 'validation', { validation: 0.2, seed: 2 });
    expect(Array.from(a.indices)).not.toEqual(Array.from(b.indices));
  });

  const bad: [string, Parameters<typeof selectSamples>[3], 'train' | 'validation' | 'test', RegExp][] = [
    ['unknown class', { classes: [10] }, 'test', /classes contains 10.*0\.\.9/],
    ['duplicate class', { classes: [1, 1] }, 'test', /classes contains 1 twice/],
    ['empty class list', { classes: [] }, 'test', /classes = \[\]/],
    ['perClass 0', { perClass: 0 }, 'test', /perClass = 0.*positive integer/],
    ['limit 1.5', { limit: 1.5 }, 'test', /limit = 1.5/],
    ['validation 1', { validation: 1 }, 'train', /validation = 1.*strictly between 0 and 1/],
    ['validation split without a fraction', {}, 'validation', /without the validation option/],
    ['selection typo', { selection: 'rand' as 'random' }, 'test', /selection = "rand"/],
    ['a hold-out that selects nothing', { perClass: 1, validation: 0.1 }, 'validation', /selected no samples/],
  ];
  for (const [name, opts, split, msg] of bad) {
    it(`rejects ${name} with a ValidationError naming the option`, () => {
      expect(() => selectSamples(labels, 10, split, opts)).toThrow(ValidationError);
      expect(() => selectSamples(labels, 10, split, opts)).toThrow(msg);
    });
  }
});
