import type { BatchMatMulAttrs, BatchMatMulInputs, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel, release } from './composeUtil.js';

function transposeLast2(backend: BackendWasm, x: TensorInfo): TensorInfo {
  const r = x.shape.length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return callKernel('Transpose', backend, { x }, { perm });
}

/**
 * BatchMatMul for wasm with the transposes done first. The backend multiplies non-transposed
 * operands with XNNPACK but falls back to a loop nest when transposeA or transposeB is set,
 * which is what every dense layer's gradient asks for (dW = x^T dy, dx = dy W^T): an explicit
 * transpose plus the fast product is about 8x faster for LeNet-5's layers.
 */
export function makeBatchMatMul(original: KernelFunc | undefined): KernelFunc {
  return ((args: { inputs: BatchMatMulInputs; backend: BackendWasm; attrs: BatchMatMulAttrs }): TensorInfo => {
    const { inputs, backend, attrs } = args;
    if (!original) throw new Error('wasm BatchMatMul kernel is missing');
    if (!attrs.transposeA && !attrs.transposeB) return original(args as never) as TensorInfo;
    const a0 = inputs.a as TensorInfo;
    const b0 = inputs.b as TensorInfo;
    const a = attrs.transposeA ? transposeLast2(backend, a0) : a0;
    const b = attrs.transposeB ? transposeLast2(backend, b0) : b0;
    const out = original({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } } as never) as TensorInfo;
    if (a !== a0) release(backend, a);
    if (b !== b0) release(backend, b);
    return out;
  }) as unknown as KernelFunc;
}

/** Registration record of the transposing `BatchMatMul` for wasm, given the kernel it wraps. */
export function batchMatMulConfig(original: KernelFunc | undefined): KernelConfig {
  return { kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc: makeBatchMatMul(original) };
}
