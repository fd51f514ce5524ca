import type { KernelConfig, KernelFunc, TensorInfo, UnaryInputs } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel, release } from './composeUtil.js';

/**
 * tanh for wasm as 2 * sigmoid(2x) - 1. The backend's Tanh calls scalar libm tanh (about 20x
 * slower than its XNNPACK sigmoid on a LeNet-5 activation), and LeNet-5 has four tanh layers.
 * The absolute error is a few float32 ulps of 1 (under 1e-6), so it is relative to the largest
 * magnitude rather than to each tiny value near 0.
 */
function tanh(args: { inputs: UnaryInputs; backend: BackendWasm }): TensorInfo {
  const { inputs, backend } = args;
  const x = inputs.x as TensorInfo;
  const two = callKernel('Fill', backend, {}, { shape: [], value: 2, dtype: 'float32' });
  const one = callKernel('Fill', backend, {}, { shape: [], value: 1, dtype: 'float32' });
  const x2 = callKernel('Multiply', backend, { a: x, b: two });
  const s = callKernel('Sigmoid', backend, { x: x2 });
  const s2 = callKernel('Multiply', backend, { a: s, b: two });
  const out = callKernel('Sub', backend, { a: s2, b: one });
  release(backend, two, one, x2, s, s2);
  return out;
}

/** Registration record of the fast `Tanh` for wasm. */
export const tanhConfig: KernelConfig = { kernelName: 'Tanh', backendName: 'wasm', kernelFunc: tanh as unknown as KernelFunc };
