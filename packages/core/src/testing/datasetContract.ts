import { describe, expect, it } from 'vitest';
import type { Dataset } from '../contracts/dataset.js';

/** Options of {@link describeDatasetContract}. */
export interface DatasetContractOptions {
  /** A reason to skip (data absent); the tests are reported as skipped with it. */
  readonly skip?: string | false;
}

/**
 * The Dataset contract: values in [0, 1], shapes and sizes consistent, class subsets
 * re-indexed 0..k-1, perClass honoured, the same seed giving the same random subset, and the
 * validation split disjoint from the training split.
 */
export function describeDatasetContract(name: string, make: () => Dataset | Promise<Dataset>, options: DatasetContractOptions = {}): void {
  const title = `Dataset contract: ${name}${options.skip ? ` (skipped: ${options.skip})` : ''}`;
  describe.skipIf(Boolean(options.skip))(title, () => {
    it('loads a class subset with re-indexed labels, perClass and [0, 1] values', async () => {
      const d = await make();
      const s = await d.load('test', { classes: [3, 1], perClass: 5 });
      const dim = d.sampleShape.reduce((a, b) => a * b, 1);
      expect(s.size).toBe(10);
      expect(s.x.length).toBe(10 * dim);
      expect(s.y.length).toBe(10);
      expect([...s.shape]).toEqual([...d.sampleShape]);
      expect(s.classes).toEqual([d.classes[3], d.classes[1]]);
      expect([...new Set(s.y)].sort()).toEqual([0, 1]);
      expect(s.y.filter((v) => v === 0).length).toBe(5);
      let min = Infinity;
      let max = -Infinity;
      for (const v of s.x) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      expect(min).toBeGreaterThanOrEqual(0);
      expect(max).toBeLessThanOrEqual(1);
      expect(max).toBeGreaterThan(0);
    });

    it('gives the same random subset for the same seed and another for another seed', async () => {
      const d = await make();
      const a = await d.load('test', { perClass: 3, selection: 'random', seed: 1 });
      const b = await d.load('test', { perClass: 3, selection: 'random', seed: 1 });
      const c = await d.load('test', { perClass: 3, selection: 'random', seed: 2 });
      expect(Array.from(a.x)).toEqual(Array.from(b.x));
      expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
    });

    it('holds out a validation split disjoint from train', async () => {
      const d = await make();
      const opts = { classes: [0, 1], perClass: 40, validation: 0.25, seed: 5 } as const;
      const train = await d.load('train', opts);
      const val = await d.load('validation', opts);
      expect(train.size + val.size).toBe(80);
      expect(val.size).toBe(20);
      const dim = d.sampleShape.reduce((x, y) => x * y, 1);
      const rows = new Set<string>();
      for (let i = 0; i < train.size; i++) rows.add(train.x.subarray(i * dim, (i + 1) * dim).join(','));
      for (let i = 0; i < val.size; i++) expect(rows.has(val.x.subarray(i * dim, (i + 1) * dim).join(','))).toBe(false);
    });
  });
}
