import { describe, expect, it } from 'vitest';
import { parseRefineConfig } from './config.js';
import { protectionPairs, warmStartPairs } from './runRefine.js';

describe('protectionPairs', () => {
  it('pairs each protected refiner with the same annealer under the longest proper prefix of its mitigators', () => {
    const sa = { id: 'anneal.sa', options: { numThreads: 1 } };
    const cfg = parseRefineConfig({
      refiners: [
        { name: 'sa', annealer: sa },
        { name: 'sa-noisy', annealer: sa, mitigators: ['noise'] },
        { name: 'sa-noisy-qac', annealer: sa, mitigators: ['noise', 'qac'] },
        { name: 'sa-qac', annealer: sa, mitigators: ['qac'] },
        { name: 'sa-other-reads', annealer: sa, sample: { numReads: 3 }, mitigators: ['qac'] },
        { name: 'sqa-qac', annealer: 'anneal.sqa', mitigators: ['qac'] },
      ],
      experiments: [{ name: 'e', dataset: 'mnist', validation: 0.1, cnn: { epochs: 1, batchSize: 8 } }],
    });
    expect(protectionPairs(cfg.refiners)).toEqual([
      { treatment: 'sa-noisy', control: 'sa' },
      { treatment: 'sa-noisy-qac', control: 'sa-noisy' },
      { treatment: 'sa-qac', control: 'sa' },
    ]);
  });
});

describe('warmStartPairs', () => {
  it('pairs a warm-started refiner with the same unwrapped annealer started cold; protection pairs keep the warm-start setting apart', () => {
    const q = { id: 'anneal.qaoa', options: { p: 2, blockSize: 12 } };
    const cfg = parseRefineConfig({
      refiners: [
        { name: 'qaoa', annealer: q },
        { name: 'qaoa-cold', annealer: q, warmStart: false },
        { name: 'qaoa-qac', annealer: q, warmStart: false, mitigators: ['qac'] },
        { name: 'qaoa-p1', annealer: { ...q, options: { p: 1 } } },
      ],
      experiments: [{ name: 'e', dataset: 'mnist', validation: 0.1, cnn: { epochs: 1, batchSize: 8 } }],
    });
    expect(warmStartPairs(cfg.refiners)).toEqual([{ treatment: 'qaoa', control: 'qaoa-cold' }]);
    expect(protectionPairs(cfg.refiners)).toEqual([{ treatment: 'qaoa-qac', control: 'qaoa-cold' }]);
  });
});
