import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '@hqml/core';
import { buildStudent, torchPeerWeights } from '@hqml/qnn';
import { StatevectorBackend } from '@hqml/statevector';
import { findTorchPython } from '@hqml/tfjs-models';
import { kdLoss } from './kdLoss.js';
import { runKdTorchPeer } from './torchPeer.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());
const python = await findTorchPython();

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/**
 * `hqml bench distill`'s PyTorch peer (bench/kd_torch.py) must train the same thing: with the
 * same weights, batch, labels and teacher logits it gives the same KD loss and gradients as
 * hqml's student and kdLoss (torch in float64, hqml float32 outside the circuit).
 */
describe.skipIf(!python)('the PyTorch KD peer computes the same loss and gradients as hqml', () => {
  it.each([
    { temperature: 3, alpha: 0.9 },
    { temperature: 2, alpha: 0.5 },
    { temperature: 4, alpha: 1 },
  ])('quick-config student, T = $temperature, alpha = $alpha', async ({ temperature, alpha }) => {
    const k = 8, batch = 6;
    const student = await buildStudent({ inputShape: [28, 28, 1], classes: k, reducer: 'dense', encoding: { kind: 'amplitude' }, qubits: 4, ansatz: 'hardware-efficient', layers: 2, readout: 'probabilities', backend, seed: 2 });
    const rng = Rng.from('kd-torch-peer-check');
    const xs = Float32Array.from({ length: batch * 784 }, () => rng.float());
    const ys = Int32Array.from({ length: batch }, () => rng.int(k));
    const ts = Float32Array.from({ length: batch * k }, () => 3 * rng.normal());
    const x = tf.tensor4d(xs, [batch, 28, 28, 1]);
    const y = tf.tensor1d(ys, 'int32');
    const t = tf.tensor2d(ts, [batch, k]);
    const vars = student.trainableVariables;
    const { value, grads } = tf.variableGrads(() => kdLoss(student.forward(x, true), t, y, { temperature, alpha }), vars);
    const request = { spec: { qubits: 4, encoding: 'amplitude', readout: 'probabilities', layers: 2, classes: k, inputSize: 784 }, weights: torchPeerWeights(vars), x: Array.from(xs), y: Array.from(ys), teacher: Array.from(ts), temperature, alpha };
    const reply = (await runKdTorchPeer<{ loss: number; grads: Record<string, number[]> }>('check', [], { input: JSON.stringify(request) }))!;
    expect(Math.abs((value.dataSync()[0] as number) - reply.loss)).toBeLessThan(1e-6);
    const names = ['reducer_kernel', 'reducer_bias', 'theta', 'head_kernel', 'head_bias'];
    vars.forEach((v, i) => {
      expect(maxAbsDiff((grads[v.name] as tf.Tensor).dataSync(), reply.grads[names[i] as string] as number[]), names[i]).toBeLessThan(1e-6);
    });
    tf.dispose([x, y, t, value, ...Object.values(grads)]);
    student.dispose();
  }, 120_000);
});
