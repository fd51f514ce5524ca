import { type KernelConfig, type KernelFunc, type TensorInfo, backend_util, type Conv2DBackpropInputAttrs, type Conv2DBackpropInputInputs } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callKernel, release } from './composeUtil.js';

/**
 * The input gradient of a 2-D convolution (a transposed convolution), for the wasm backend,
 * whose own kernel is a plain loop nest. Written as a forward convolution on XNNPACK:
 * dx = conv2d(pad(dilate(dy, stride)), W rotated by 180 degrees with in/out channels swapped).
 * For stride s > 1, dy is dilated by interleaving zeros (reshape, pad, reshape), which costs
 * s^2 times the arithmetic of the ideal kernel but still beats the loop nest; the models here
 * use stride 1.
 */
function conv2DBackpropInput(args: { inputs: Conv2DBackpropInputInputs; backend: BackendWasm; attrs: Conv2DBackpropInputAttrs }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs;
  if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropInput on wasm supports dataFormat NHWC only, got ${dataFormat}`);
  const info = backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { batchSize, inHeight, inWidth, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = filterHeight - 1 - info.padInfo.top;
  const left = filterWidth - 1 - info.padInfo.left;
  if (top < 0 || left < 0) throw new Error('Conv2DBackpropInput on wasm: padding larger than the filter is not supported');

  let g = dy;
  const temps: TensorInfo[] = [];
  let dh = outHeight;
  let dw = outWidth;
  if (strideHeight > 1 || strideWidth > 1) {
    const r = callKernel('Reshape', backend, { x: dy }, { shape: [batchSize, outHeight, 1, outWidth, 1, outChannels] });
    const p = callKernel('PadV2', backend, { x: r }, { paddings: [[0, 0], [0, 0], [0, strideHeight - 1], [0, 0], [0, strideWidth - 1], [0, 0]], constantValue: 0 });
    dh = outHeight * strideHeight;
    dw = outWidth * strideWidth;
    g = callKernel('Reshape', backend, { x: p }, { shape: [batchSize, dh, dw, outChannels] });
    temps.push(r, p, g);
  }
  const bottom = inHeight + filterHeight - 1 - top - dh;
  const right = inWidth + filterWidth - 1 - left - dw;
  const rev = callKernel('Reverse', backend, { x: filter }, { dims: [0, 1] });
  const rot = callKernel('Transpose', backend, { x: rev }, { perm: [0, 1, 3, 2] });
  temps.push(rev, rot);
  const conv = callKernel('Conv2D', backend, { x: g, filter: rot }, {
    strides: [1, 1],
    pad: [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]],
    dataFormat: 'NHWC',
    dilations: [1, 1],
    dimRoundingMode: undefined as unknown as string,
  });
  let out = conv;
  if (bottom < 0 || right < 0) {
    out = callKernel('Slice', backend, { x: conv }, { begin: [0, 0, 0, 0], size: [batchSize, inHeight, inWidth, conv.shape[3] as number] });
    temps.push(conv);
  }
  // dy itself belongs to the caller; only our intermediates are freed.
  release(backend, ...temps.filter((t) => t !== dy));
  return out;
}

/** Registration record of the composed `Conv2DBackpropInput` kernel for wasm (replaces the loop nest). */
export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
