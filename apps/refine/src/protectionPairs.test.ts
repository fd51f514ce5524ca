import { describe, expect, it } from 'vitest';
import { parseRefineConfig } from './config.js';
import { protectionPairs } from './runRefine.js';

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
