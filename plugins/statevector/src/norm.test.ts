import { Rng } from '@hqml/core';
import { afterAll, describe, expect, it } from 'vitest';
import { StatevectorBackend } from './statevectorBackend.js';
import { randomCircuit } from '@hqml/core/testing';

const b = new StatevectorBackend({ threads: 1 });
afterAll(() => b.dispose());

describe('numerical stability', () => {
  it('keeps the norm to 1e-12 after 10,000 random gates (fused and unfused)', () => {
    const c = randomCircuit(6, 10_000, 2024, { constantAngles: true });
    for (const fusion of [true, false]) {
      const be = new StatevectorBackend({ threads: 1, fusion });
      const { re, im } = be.amplitudes({ circuit: c, params: [] });
      let s = 0;
      for (let i = 0; i < re.length; i++) s += re[i]! ** 2 + im[i]! ** 2;
      expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    }
  });

  it('fusion does not change results', () => {
    const c = randomCircuit(5, 300, Rng.from(9).int(1000), { numParams: 3, numInputs: 2 });
    const x = [0.3, -1.1, 0.8, 2.0];
    const a = new StatevectorBackend({ threads: 1, fusion: true }).probabilities({ circuit: c, params: [0.1, 0.2, 0.3], inputs: x });
    const z = new StatevectorBackend({ threads: 1, fusion: false }).probabilities({ circuit: c, params: [0.1, 0.2, 0.3], inputs: x });
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(z[i]!, 12);
    void b;
  });
});
