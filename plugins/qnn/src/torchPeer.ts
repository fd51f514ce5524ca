import type * as tf from '@tensorflow/tfjs-core';

/**
 * The PyTorch peer of the quantum student (bench/qnn_torch.py): a TorchQuantum-style student
 * (complex statevector tensor, gates as batched matmuls, autograd) that computes the same
 * function as {@link buildStudent}'s dense-reducer, hardware-efficient students. The qnn and
 * distill benches time it beside hqml's; tests hold its logits, loss and gradients against hqml's.
 */
export const TORCH_PEER_SCRIPT: URL = new URL('../bench/qnn_torch.py', import.meta.url);

/** The student the peer builds (angle encoding is pi*tanh; the ansatz is hardware-efficient). */
export interface TorchPeerSpec {
  readonly qubits: number;
  readonly encoding: 'angle' | 'amplitude';
  readonly readout: 'z' | 'probabilities';
  readonly layers: number;
  readonly classes: number;
  /** Flattened input size (784 for 28x28x1). */
  readonly inputSize: number;
}

/**
 * A dense-reducer student's trainable variables (reducer kernel and bias, circuit weights, head
 * kernel and bias, in that order) as the peer's `weights` (TF.js layout, flat lists).
 */
export function torchPeerWeights(vars: readonly tf.Variable[]): Record<string, number[]> {
  const names = ['reducer_kernel', 'reducer_bias', 'theta', 'head_kernel', 'head_bias'];
  if (vars.length !== names.length) throw new Error(`torchPeerWeights: expected ${names.length} variables (dense reducer, circuit, head), got ${vars.length}`);
  return Object.fromEntries(vars.map((v, i) => [names[i], Array.from(v.dataSync())]));
}
