import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initTfjsBackend } from './tfjsBackend.js';

// Vitest runs each test file in its own worker, so this file gets a fresh wasm module to start
// with threads (the thread count is fixed when the module first initialises in a process).
describe('threaded wasm under Node', () => {
  it('starts with 2 threads and computes the same convolution gradient as the cpu backend', async () => {
    const info = await initTfjsBackend({ backend: 'wasm', threads: 2 });
    expect(info.threads).toBe(2);
    expect(info.notes.join(' ')).toMatch(/threaded wasm build \(2 threads\)/);
    expect(globalThis).not.toHaveProperty('Worker'); // the init-time patch is removed
    const x = tf.randomNormal([8, 16, 16, 3], 0, 1, 'float32', 1).dataSync();
    const w = tf.randomNormal([3, 3, 3, 8], 0, 1, 'float32', 2).dataSync();
    const grad = (): Float32Array => tf.tidy(() => tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(tf.tensor4d(x, [8, 16, 16, 3]), f as tf.Tensor4D, 1, 'same'))))(tf.tensor4d(w, [3, 3, 3, 8])).dataSync() as Float32Array).slice();
    const a = grad();
    await tf.setBackend('cpu');
    const b = grad();
    await tf.setBackend('wasm');
    let m = 0;
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
      s = Math.max(s, Math.abs(b[i] as number));
    }
    expect(m / s).toBeLessThan(1e-4);
  });
});
