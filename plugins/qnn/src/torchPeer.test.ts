import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { crossEntropy, findTorchPython, runTorchPeer } from '@hqml/tfjs-models';
import { TORCH_PEER_SCRIPT, torchPeerWeights } from './torchPeer.js';
import { type BuildStudentOptions, buildStudent } from './student.js';

const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());
const python = await findTorchPython();

interface CheckReply {
  readonly logits: number[];
  readonly loss: number;
  readonly grads: Record<string, number[]>;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

/**
 * The bench's PyTorch peer (bench/qnn_torch.py) must compute hqml's student, or its ratio means
 * nothing: same weights in, same logits, loss and gradients out (torch in float64; hqml keeps
 * float32 outside the circuit, hence 1e-5 on logits of order 1, and 1e-6 on the loss).
 */
describe.skipIf(!python)('the PyTorch peer computes the same student as hqml', () => {
  const cases: Array<Pick<BuildStudentOptions, 'encoding' | 'readout' | 'qubits' | 'layers' | 'classes'>> = [
    { encoding: { kind: 'angle', scaling: 'pi-tanh' }, readout: 'z', qubits: 4, layers: 4, classes: 10 },
    { encoding: { kind: 'angle', scaling: 'pi-tanh' }, readout: 'z', qubits: 3, layers: 2, classes: 10 },
    { encoding: { kind: 'amplitude' }, readout: 'probabilities', qubits: 4, layers: 2, classes: 8 },
  ];
  it.each(cases)('$encoding.kind encoding, $readout readout, $qubits qubits, $layers layers: logits, loss and every gradient agree', async (c) => {
    const student = await buildStudent({ ...c, inputShape: [28, 28, 1], reducer: 'dense', ansatz: 'hardware-efficient', backend, seed: 5 });
    const rng = Rng.from('torch-peer-check');
    const batch = 6;
    const xs = Float32Array.from({ length: batch * 784 }, () => rng.float());
    const ys = Int32Array.from({ length: batch }, () => rng.int(c.classes));
    const x = tf.tensor4d(xs, [batch, 28, 28, 1]);
    const y = tf.tensor1d(ys, 'int32');
    const vars = student.trainableVariables;
    const logits = tf.tidy(() => student.forward(x, true).dataSync().slice());
    const { value, grads } = tf.variableGrads(() => crossEntropy(student.forward(x, true), y), vars);
    const request = { spec: { qubits: c.qubits, encoding: c.encoding.kind, readout: c.readout, layers: c.layers, classes: c.classes, inputSize: 784 }, weights: torchPeerWeights(vars), x: Array.from(xs), y: Array.from(ys) };
    const reply = (await runTorchPeer<CheckReply>(fileURLToPath(TORCH_PEER_SCRIPT), ['check'], { input: JSON.stringify(request) })) as CheckReply;
    expect(maxAbsDiff(logits, reply.logits)).toBeLessThan(1e-5);
    expect(Math.abs((value.dataSync()[0] as number) - reply.loss)).toBeLessThan(1e-6);
    const names = ['reducer_kernel', 'reducer_bias', 'theta', 'head_kernel', 'head_bias'];
    vars.forEach((v, i) => {
      const g = (grads[v.name] as tf.Tensor).dataSync();
      expect(maxAbsDiff(g, reply.grads[names[i] as string] as number[]), names[i]).toBeLessThan(1e-6);
    });
    tf.dispose([x, y, value, ...Object.values(grads)]);
    student.dispose();
  }, 120_000);
});
