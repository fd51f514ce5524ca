import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '@hqml/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTfjsBackend } from '../tfjsBackend.js';
import { WASM_GRADIENT_KERNEL_NAMES } from './registerWasmKernels.js';

/**
 * Every kernel hqml registers for wasm, against tfjs's pure-JS `cpu` backend (an independent
 * implementation) on seeded random shapes. Error: max |wasm - cpu| / max |cpu| <= 1e-4.
 */
const TOL = 1e-4;

function randomData(rng: Rng, shape: number[]): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

async function onBoth(build: () => tf.Tensor): Promise<{ wasm: Float32Array; cpu: Float32Array }> {
  await tf.setBackend('wasm');
  const wasm = tf.tidy(() => build().dataSync() as Float32Array).slice();
  await tf.setBackend('cpu');
  const cpu = tf.tidy(() => build().dataSync() as Float32Array).slice();
  await tf.setBackend('wasm');
  return { wasm, cpu };
}

function relError(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
    s = Math.max(s, Math.abs(b[i] as number));
  }
  return s === 0 ? m : m / s;
}

interface ConvCase {
  b: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  k: number;
  stride: 1 | 2;
  pad: 'valid' | 'same';
}

function convCases(seed: number, n: number): ConvCase[] {
  const rng = Rng.from(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)] as T;
  const cases: ConvCase[] = [];
  // Every combination of stride and padding, with random sizes and channel counts.
  for (let i = 0; i < n; i++) {
    const k = pick([1, 2, 3, 5]);
    cases.push({ b: pick([1, 2, 3]), h: k + rng.int(9), w: k + rng.int(9), ci: pick([1, 3, 6, 16]), co: pick([1, 2, 5, 16]), k, stride: i % 2 === 0 ? 1 : 2, pad: i % 4 < 2 ? 'valid' : 'same' });
  }
  return cases;
}

beforeAll(async () => {
  const info = await initTfjsBackend({ backend: 'wasm' });
  expect(info.fastKernels).toEqual(WASM_GRADIENT_KERNEL_NAMES);
});

describe('wasm gradient kernels against the cpu backend', () => {
  const cases = convCases(7, 24);

  it.each(cases)('Conv2DBackpropFilter %o', async (c) => {
    const rng = Rng.from(JSON.stringify(c));
    const xd = randomData(rng, [c.b, c.h, c.w, c.ci]);
    const info = tf.backend_util.computeConv2DInfo([c.b, c.h, c.w, c.ci], [c.k, c.k, c.ci, c.co], c.stride, 1, c.pad);
    const dyd = randomData(rng, info.outShape);
    const r = await onBoth(() => tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor4d(xd, [c.b, c.h, c.w, c.ci]), dy: tf.tensor(dyd, info.outShape) }, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', filterShape: [c.k, c.k, c.ci, c.co] }) as tf.Tensor);
    expect(relError(r.wasm, r.cpu)).toBeLessThan(TOL);
  });

  it.each(cases)('Conv2DBackpropInput %o', async (c) => {
    const rng = Rng.from(`in${JSON.stringify(c)}`);
    const wd = randomData(rng, [c.k, c.k, c.ci, c.co]);
    const info = tf.backend_util.computeConv2DInfo([c.b, c.h, c.w, c.ci], [c.k, c.k, c.ci, c.co], c.stride, 1, c.pad);
    const dyd = randomData(rng, info.outShape);
    const r = await onBoth(() => tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor(dyd, info.outShape), filter: tf.tensor4d(wd, [c.k, c.k, c.ci, c.co]) }, { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', inputShape: [c.b, c.h, c.w, c.ci] }) as tf.Tensor);
    expect(relError(r.wasm, r.cpu)).toBeLessThan(TOL);
  });

  it('conv2d gradients through tf.grads match (the kernels as the tape uses them)', async () => {
    const rng = Rng.from(3);
    const xd = randomData(rng, [4, 12, 12, 3]);
    const wd = randomData(rng, [3, 3, 3, 8]);
    for (const [stride, pad] of [[1, 'same'], [2, 'valid'], [2, 'same']] as const) {
      const g = (which: number) => onBoth(() => {
        const f = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad))));
        return f([tf.tensor4d(xd, [4, 12, 12, 3]), tf.tensor4d(wd, [3, 3, 3, 8])])[which] as tf.Tensor;
      });
      for (const which of [0, 1]) {
        const r = await g(which);
        expect(relError(r.wasm, r.cpu)).toBeLessThan(TOL);
      }
    }
  });

  const pools: Array<{ shape: [number, number, number, number]; size: number; stride: number; pad: 'valid' | 'same' }> = [
    { shape: [3, 8, 8, 6], size: 2, stride: 2, pad: 'valid' },
    { shape: [2, 9, 7, 4], size: 2, stride: 2, pad: 'valid' },
    { shape: [2, 9, 9, 3], size: 3, stride: 3, pad: 'valid' },
    { shape: [2, 8, 8, 16], size: 2, stride: 2, pad: 'same' },
    { shape: [2, 9, 9, 3], size: 3, stride: 2, pad: 'valid' },
    { shape: [2, 7, 7, 5], size: 3, stride: 2, pad: 'same' },
  ];

  it.each(pools)('AvgPoolGrad %o', async (p) => {
    const rng = Rng.from(`avg${JSON.stringify(p)}`);
    const xd = randomData(rng, p.shape);
    const info = tf.backend_util.computePool2DInfo(p.shape, p.size, p.stride, 1, p.pad);
    const dyd = randomData(rng, info.outShape);
    const r = await onBoth(() => tf.engine().runKernel('AvgPoolGrad', { dy: tf.tensor(dyd, info.outShape), input: tf.tensor4d(xd, p.shape) }, { filterSize: p.size, strides: p.stride, pad: p.pad }) as tf.Tensor);
    expect(relError(r.wasm, r.cpu)).toBeLessThan(TOL);
  });

  it.each(pools)('MaxPoolGrad %o (with ReLU zeros, so ties occur)', async (p) => {
    const rng = Rng.from(`max${JSON.stringify(p)}`);
    const xd = randomData(rng, p.shape).map((v) => Math.max(0, v));
    const info = tf.backend_util.computePool2DInfo(p.shape, p.size, p.stride, 1, p.pad);
    const dyd = randomData(rng, info.outShape);
    const r = await onBoth(() => {
      const x = tf.tensor4d(xd, p.shape);
      const out = tf.maxPool(x, p.size, p.stride, p.pad);
      return tf.engine().runKernel('MaxPoolGrad', { dy: tf.tensor(dyd, info.outShape), input: x, output: out }, { filterSize: p.size, strides: p.stride, pad: p.pad }) as tf.Tensor;
    });
    // Overlapping windows fall back to wasm's own kernel, which drops ties at zero; the
    // non-overlapping ones (those hqml replaces) must match the cpu backend exactly.
    if (p.size === p.stride) expect(relError(r.wasm, r.cpu)).toBeLessThan(TOL);
  });

  it('Tanh on values from -20 to 20', async () => {
    const xd = new Float32Array(4001).map((_, i) => -20 + i / 100);
    const r = await onBoth(() => tf.tanh(tf.tensor1d(xd)));
    expect(relError(r.wasm, r.cpu)).toBeLessThan(TOL);
    // and elementwise to 1e-6 absolute
    expect(Math.max(...r.wasm.map((v, i) => Math.abs(v - (r.cpu[i] as number))))).toBeLessThan(1e-6);
  });

  it.each([
    { a: [5, 7], b: [7, 3], ta: false, tb: false },
    { a: [7, 5], b: [7, 3], ta: true, tb: false },
    { a: [5, 7], b: [3, 7], ta: false, tb: true },
    { a: [2, 7, 5], b: [2, 3, 7], ta: true, tb: true },
    { a: [128, 400], b: [128, 120], ta: true, tb: false },
  ])('BatchMatMul %o', async (c) => {
    const rng = Rng.from(JSON.stringify(c));
    const ad = randomData(rng, c.a);
    const bd = randomData(rng, c.b);
    const r = await onBoth(() => tf.matMul(tf.tensor(ad, c.a), tf.tensor(bd, c.b), c.ta, c.tb));
    expect(relError(r.wasm, r.cpu)).toBeLessThan(TOL);
  });

  it('leaks no tensors or backend memory', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 8, 8, 3]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D;
    const step = (): void => {
      tf.tidy(() => {
        const pooled = (a: tf.Tensor, b: tf.Tensor): tf.Tensor4D => tf.avgPool(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), 2, 2, 'valid');
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.tanh(tf.maxPool(pooled(a, b), 1, 1, 'valid'))))([x, w]);
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.matMul(tf.reshape(pooled(a, b), [2, -1]), tf.reshape(pooled(a, b), [2, -1]), false, true)))([x, w]);
      });
    };
    step();
    const before = tf.memory();
    const ids = tf.engine().backend.numDataIds();
    for (let i = 0; i < 5; i++) step();
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    // the backend's own buffers too (composed kernels free their intermediates)
    expect(tf.engine().backend.numDataIds()).toBe(ids);
    tf.dispose([x, w]);
  });
});
