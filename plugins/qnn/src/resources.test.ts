import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { Optimizer, crossEntropy } from '@hqml/tfjs-models';
import { qnnBench } from './bench.js';
import { buildStudent } from './student.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());

describe('resources', () => {
  it('training steps and inference leave no tensors behind', async () => {
    const s = await buildStudent({ inputShape: [8, 8, 1], classes: 3, reducer: 'avg-pool', encoding: { kind: 'amplitude', keepNorm: true }, qubits: 4, ansatz: 'strongly-entangling', layers: 2, readout: 'probabilities', backend });
    const rng = Rng.from(2);
    const x = tf.tensor4d(Float32Array.from({ length: 16 * 64 }, () => rng.float()), [16, 8, 8, 1]);
    const y = tf.tensor1d(Int32Array.from({ length: 16 }, () => rng.int(3)), 'int32');
    const vars = s.trainableVariables;
    const opt = new Optimizer(vars, { kind: 'adam', learningRate: 0.01 });
    const step = (): void => {
      const { value, grads } = tf.variableGrads(() => crossEntropy(s.forward(x, true), y), vars);
      opt.apply(vars.map((v) => grads[v.name] as tf.Tensor));
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    await s.logits(x.dataSync() as Float32Array, 16);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    await s.logits(x.dataSync() as Float32Array, 16);
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    tf.dispose([x, y]);
    s.dispose();
  });

  it('the bench suite yields well-formed records (4-qubit cases, quick)', async () => {
    const records = [];
    for await (const r of qnnBench.run({ quick: true, threads: 1 })) {
      records.push(r);
      if (records.length === 12) break; // the 8-qubit half and the PyTorch peer are for `hqml bench qnn`
    }
    expect(records.map((r) => r.case)).toEqual([
      'student-step', 'student-step', 'layer-vjp', 'layer-forward-backward', 'bare-circuit-expectation+vjp', 'bare-circuit-vjp', 'bare-circuit-expectation-with-vjp',
      'overhead-vs-expectation+vjp', 'overhead-vs-vjp', 'layer-vjp-overhead-vs-vjp', 'layer-overhead-vs-vjp', 'layer-overhead-vs-expectation-with-vjp',
    ]);
    records.forEach((r, i) => {
      expect(r.suite).toBe('qnn');
      expect(r.sizes).toEqual({ qubits: 4, layers: 4, batch: i === 0 ? 32 : 256 });
      expect(Number.isFinite(r.value) && r.value > 0).toBe(true);
    });
  });
});
