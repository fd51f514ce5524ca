import { type AvgPoolGradAttrs, type AvgPoolGradInputs, type KernelConfig, type KernelFunc, type TensorInfo, backend_util } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel, release } from './composeUtil.js';

/**
 * Average-pool gradient for wasm. For non-overlapping windows without padding (LeNet's and
 * AlexNet's 2x2/2 pools) every input pixel belongs to one window, so the gradient is dy / (kh*kw)
 * repeated over the window: one broadcast multiply instead of the backend's loop nest.
 * Other configurations fall back to the backend's own kernel.
 */
export function makeAvgPoolGrad(fallback: KernelFunc | undefined): KernelFunc {
  return ((args: { inputs: AvgPoolGradInputs; backend: BackendWasm; attrs: AvgPoolGradAttrs }): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const dy = inputs.dy as TensorInfo;
    const input = inputs.input as TensorInfo;
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad);
    const { batchSize, inHeight, inWidth, outHeight, outWidth, inChannels, filterHeight: kh, filterWidth: kw, strideHeight, strideWidth, padInfo } = info;
    const simple = kh === strideHeight && kw === strideWidth && padInfo.top === 0 && padInfo.left === 0 && outHeight * kh <= inHeight && outWidth * kw <= inWidth;
    if (!simple) {
      if (!fallback) throw new Error('AvgPoolGrad on wasm: no kernel for overlapping or padded windows');
      return fallback(args as never) as TensorInfo;
    }
    const r = callKernel('Reshape', backend, { x: dy }, { shape: [batchSize, outHeight, 1, outWidth, 1, inChannels] });
    const w = callKernel('Fill', backend, {}, { shape: [1, 1, kh, 1, kw, 1], value: 1 / (kh * kw), dtype: 'float32' });
    const m = callKernel('Multiply', backend, { a: r, b: w });
    const g = callKernel('Reshape', backend, { x: m }, { shape: [batchSize, outHeight * kh, outWidth * kw, inChannels] });
    release(backend, r, w, m);
    if (outHeight * kh === inHeight && outWidth * kw === inWidth) return g;
    const p = callKernel('PadV2', backend, { x: g }, { paddings: [[0, 0], [0, inHeight - outHeight * kh], [0, inWidth - outWidth * kw], [0, 0]], constantValue: 0 });
    release(backend, g);
    return p;
  }) as unknown as KernelFunc;
}

/** Registration record of the fast `AvgPoolGrad` for wasm, given the kernel it replaces. */
export function avgPoolGradConfig(fallback: KernelFunc | undefined): KernelConfig {
  return { kernelName: 'AvgPoolGrad', backendName: 'wasm', kernelFunc: makeAvgPoolGrad(fallback) };
}
