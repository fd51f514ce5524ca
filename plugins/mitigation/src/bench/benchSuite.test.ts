import type { BenchRecord } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { mitigationBenchSuite } from './benchSuite.js';

describe('hqml bench mitigation --quick', () => {
  it('runs every case and emits well-formed records (a smoke run; the figures live in the README)', async () => {
    const records: BenchRecord[] = [];
    for await (const r of mitigationBenchSuite.run({ quick: true })) records.push(r);
    for (const r of records) {
      expect(r.suite).toBe('mitigation');
      expect(typeof r.metric).toBe('string');
      expect(typeof r.value).toBe('number');
    }
    const cases = new Set(records.map((r) => r.case));
    expect([...cases].sort()).toEqual(['overhead', 'qac', 'readout', 'readout-summary', 'spin-reversal', 'zne', 'zne-summary']);
    const exactReadout = records.find((r) => r.case === 'readout-summary' && r.sizes?.['shots'] === 'exact' && r.sizes?.['family'] === 'all')!;
    expect(exactReadout.value).toBeGreaterThan(1e6); // the known confusion inverts exactly
    const ghz = records.find((r) => r.case === 'zne' && r.metric === 'noisy-error' && r.sizes?.['circuit'] === 'ghz-4')!;
    expect(ghz.value).toBeGreaterThan(0.05);
  }, 600_000);
});
