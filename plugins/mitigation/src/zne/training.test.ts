import { type DataSplit, Rng } from '@hqml/core';
import { buildStudent } from '@hqml/qnn';
import { StatevectorBackend } from '@hqml/statevector';
import { describe, expect, it } from 'vitest';
import { ZneMitigator } from './zneMitigator.js';

/** Two Gaussian blobs in 4 dimensions (label = which blob), seeded. */
function blobs(size: number, seed: number): DataSplit {
  const rng = Rng.from(`blobs:${seed}`);
  const x = new Float32Array(size * 4);
  const y = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const label = i % 2;
    y[i] = label;
    for (let d = 0; d < 4; d++) x[i * 4 + d] = (label === 1 ? 0.6 : -0.6) * (d < 2 ? 1 : 0) + 0.35 * rng.normal();
  }
  return { x, y, shape: [4], classes: ['a', 'b'], size };
}

function accuracy(logits: Float32Array | Float64Array, split: DataSplit): number {
  let ok = 0;
  for (let i = 0; i < split.size; i++) if (((logits[2 * i + 1]! > logits[2 * i]!) ? 1 : 0) === split.y[i]) ok++;
  return ok / split.size;
}

describe('a quantum student trains through mitigation.zne on a noisy backend', () => {
  it('learns two blobs with the ZNE-wrapped, depolarizing backend (parameter-shift VJPs through the extrapolation)', async () => {
    const noisy = new StatevectorBackend({ threads: 1, noise: { channels: [{ kind: 'depolarizing', probability: 0.01 }] }, noiseMethod: 'density-matrix' });
    const backend = new ZneMitigator({ scaleFactors: [1, 3, 5] }).wrap(noisy);
    const train = blobs(96, 1), test = blobs(100, 2);
    const student = await buildStudent({ inputShape: [4], classes: 2, reducer: 'dense', encoding: { kind: 'angle', scaling: 'pi-tanh' }, qubits: 2, ansatz: 'hardware-efficient', layers: 1, readout: 'z', backend, seed: 2 });
    try {
      const before = accuracy(await student.logits(test.x, test.size), test);
      const weightsBefore = student.trainableVariables.map((v) => ({ name: v.name, values: Array.from(v.dataSync()) }));
      const history = await student.fit(train, { epochs: 3, batchSize: 16, learningRate: 0.05, seed: 1 });
      const losses = history.epochs.map((e) => e.loss);
      expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
      const after = accuracy(await student.logits(test.x, test.size), test);
      expect(after).toBeGreaterThanOrEqual(0.9);
      expect(after).toBeGreaterThan(before);
      // Every variable moved, the circuit weights and the reducer in front of the circuit included:
      // both get their gradients only through the mitigated VJP.
      const weightsAfter = student.trainableVariables.map((v) => Array.from(v.dataSync()));
      expect(weightsBefore.length).toBeGreaterThanOrEqual(3);
      weightsBefore.forEach((w, i) => expect(Math.max(...w.values.map((v, j) => Math.abs(v - weightsAfter[i]![j]!))), w.name).toBeGreaterThan(1e-3));
    } finally {
      student.dispose();
      backend.dispose();
    }
  }, 300_000);
});
