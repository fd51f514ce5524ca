import { type KernelConfig, type KernelFunc, type MaxPoolGradAttrs, type MaxPoolGradInputs, type TensorInfo, backend_util } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel, release } from './composeUtil.js';

/**
 * Max-pool gradient for wasm. For non-overlapping windows without padding, each window's
 * gradient goes to the first position holding the maximum (the rule of the cpu backend, which
 * matters after ReLU, where ties at zero are common): windows are moved to the last axis,
 * ArgMax picks the position, OneHot times dy places the gradient, and the windows are moved back.
 * Other configurations fall back to the backend's own kernel.
 */
export function makeMaxPoolGrad(fallback: KernelFunc | undefined): KernelFunc {
  return ((args: { inputs: MaxPoolGradInputs; backend: BackendWasm; attrs: MaxPoolGradAttrs }): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const dy = inputs.dy as TensorInfo;
    const input = inputs.input as TensorInfo;
    const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const { batchSize: b, inHeight, inWidth, outHeight: oh, outWidth: ow, inChannels: c, filterHeight: kh, filterWidth: kw, strideHeight, strideWidth, padInfo } = info;
    const simple = kh === strideHeight && kw === strideWidth && padInfo.top === 0 && padInfo.left === 0 && oh * kh <= inHeight && ow * kw <= inWidth;
    if (!simple) {
      if (!fallback) throw new Error('MaxPoolGrad on wasm: no kernel for overlapping or padded windows');
      return fallback(args as never) as TensorInfo;
    }
    const temps: TensorInfo[] = [];
    let x = input;
    if (oh * kh !== inHeight || ow * kw !== inWidth) {
      x = callKernel('Slice', backend, { x: input }, { begin: [0, 0, 0, 0], size: [b, oh * kh, ow * kw, c] });
      temps.push(x);
    }
    const x6 = callKernel('Reshape', backend, { x }, { shape: [b, oh, kh, ow, kw, c] });
    const xt = callKernel('Transpose', backend, { x: x6 }, { perm: [0, 1, 3, 5, 2, 4] });
    const xw = callKernel('Reshape', backend, { x: xt }, { shape: [b, oh, ow, c, kh * kw] });
    const arg = callKernel('ArgMax', backend, { x: xw }, { axis: 4 });
    // wasm's OneHot writes int32 whatever dtype is asked for, so ask for int32 and cast.
    const hotInt = callKernel('OneHot', backend, { indices: arg }, { depth: kh * kw, onValue: 1, offValue: 0, dtype: 'int32' });
    const hot = callKernel('Cast', backend, { x: hotInt }, { dtype: 'float32' });
    const dy5 = callKernel('Reshape', backend, { x: dy }, { shape: [b, oh, ow, c, 1] });
    const g = callKernel('Multiply', backend, { a: hot, b: dy5 });
    const g6 = callKernel('Reshape', backend, { x: g }, { shape: [b, oh, ow, c, kh, kw] });
    const gt = callKernel('Transpose', backend, { x: g6 }, { perm: [0, 1, 4, 2, 5, 3] });
    const out4 = callKernel('Reshape', backend, { x: gt }, { shape: [b, oh * kh, ow * kw, c] });
    temps.push(x6, xt, xw, arg, hotInt, hot, dy5, g, g6, gt);
    release(backend, ...temps);
    if (oh * kh === inHeight && ow * kw === inWidth) return out4;
    const p = callKernel('PadV2', backend, { x: out4 }, { paddings: [[0, 0], [0, inHeight - oh * kh], [0, inWidth - ow * kw], [0, 0]], constantValue: 0 });
    release(backend, out4);
    return p;
  }) as unknown as KernelFunc;
}

/** Registration record of the fast `MaxPoolGrad` for wasm, given the kernel it replaces. */
export function maxPoolGradConfig(fallback: KernelFunc | undefined): KernelConfig {
  return { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: makeMaxPoolGrad(fallback) };
}
