import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { SeededDropout } from './seededDropout.js';

type Act = 'linear' | 'tanh' | 'relu';

function activate(x: tf.Tensor, act: Act): tf.Tensor {
  return act === 'tanh' ? tf.tanh(x) : act === 'relu' ? tf.relu(x) : x;
}

function poolPadding(p: unknown): 'valid' | 'same' {
  return p === 'same' ? 'same' : 'valid';
}

/**
 * A convolution with bias whose input is data: the bias is added inside the convolution (a
 * separate broadcast add of a 6-channel bias costs as much as the convolution on wasm), and the
 * gradient skips the input. tf.fused.conv2d's own gradient always computes the input gradient,
 * which for the first layer of LeNet-5 is a quarter of a training step and is never used.
 */
const dataConv2d = tf.customGrad(((x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, strides: tf.Tensor, save: tf.GradSaveFunc) => {
  const s = strides.arraySync() as number[];
  const pad = s[2] === 1 ? 'same' : 'valid';
  const value = tf.fused.conv2d({ x, filter, bias, strides: [s[0] as number, s[1] as number], pad });
  save([x]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const xs = saved[0] as tf.Tensor4D;
      const dFilter = tf.engine().runKernel('Conv2DBackpropFilter', { x: xs, dy }, { strides: [s[0] as number, s[1] as number], pad, dataFormat: 'NHWC', filterShape: filter.shape }) as tf.Tensor;
      return [tf.zerosLike(xs), dFilter, tf.sum(dy, [0, 1, 2]), tf.zerosLike(strides)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (...args: tf.Tensor[]) => tf.Tensor;

/**
 * The forward pass of the Sequential models this package builds, composed from ops chosen for
 * the wasm backend: biases fused into conv2d/matMul, activations applied separately (fused
 * activations are not fused under a gradient tape anyway), and the first convolution through
 * {@link dataConv2d}, so no gradient is computed for the input. Hence `forward` treats its input
 * as data: no gradient flows to `x`. The weights are the layers model's own, so save/load and
 * `predict` see the same parameters (a test checks both passes agree). `layerCount` stops after
 * that many layers (all but the last: the features the output layer reads).
 */
export function sequentialForward(model: tfl.Sequential, x: tf.Tensor, training: boolean, layerCount: number = model.layers.length): tf.Tensor {
  let h = x;
  for (const layer of model.layers.slice(0, layerCount)) {
    const cls = layer.getClassName();
    const cfg = layer.getConfig() as Record<string, unknown>;
    switch (cls) {
      case 'Conv2D': {
        const [kernel, bias] = layer.getWeights(false) as [tf.Tensor4D, tf.Tensor1D | undefined];
        const strides = cfg['strides'] as [number, number];
        const pad = cfg['padding'] as 'same' | 'valid';
        const conv = h === x && bias
          ? dataConv2d(h, kernel, bias, tf.tensor1d([strides[0], strides[1], pad === 'same' ? 1 : 0], 'int32'))
          : tf.fused.conv2d({ x: h as tf.Tensor4D, filter: kernel, strides, pad, ...(bias ? { bias } : {}) });
        h = activate(conv, cfg['activation'] as Act);
        break;
      }
      case 'Dense': {
        const [kernel, bias] = layer.getWeights(false) as [tf.Tensor2D, tf.Tensor1D | undefined];
        const act = cfg['activation'] as Act;
        h = activate(tf.fused.matMul({ a: h as tf.Tensor2D, b: kernel, ...(bias ? { bias } : {}) }), act);
        break;
      }
      case 'AveragePooling2D':
        h = tf.avgPool(h as tf.Tensor4D, cfg['poolSize'] as [number, number], cfg['strides'] as [number, number], poolPadding(cfg['padding']));
        break;
      case 'MaxPooling2D':
        h = tf.maxPool(h as tf.Tensor4D, cfg['poolSize'] as [number, number], cfg['strides'] as [number, number], poolPadding(cfg['padding']));
        break;
      case 'Flatten':
        h = tf.reshape(h, [h.shape[0] as number, -1]);
        break;
      default:
        if (layer instanceof SeededDropout) {
          h = layer.apply(h, { training }) as tf.Tensor;
          break;
        }
        throw new Error(`sequentialForward: layer ${layer.name} of class ${cls} is not supported`);
    }
    if (!['linear', 'tanh', 'relu', undefined].includes(cfg['activation'] as string | undefined)) {
      throw new Error(`sequentialForward: activation ${String(cfg['activation'])} of ${layer.name} is not supported`);
    }
  }
  return h;
}
