import * as tf from '@tensorflow/tfjs-core';
import { ResourceError } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { createClassicalModel } from '../createModel.js';
import type { ArchitectureId, ArchitectureOptions } from './architectures.js';
import { checkModelMemory, outOfMemoryError } from './memoryGuard.js';
import { architectureParameterCount } from './parameterCount.js';
import { TfjsModel } from './tfjsModel.js';

describe('model size is known before TF.js allocates', () => {
  const cases: Array<[ArchitectureId, ArchitectureOptions]> = [
    ['lenet5', { inputShape: [28, 28, 1], classes: 10 }],
    ['lenet5', { inputShape: [32, 32, 3], classes: 10, filters: [32, 64] }],
    ['lenet5', { inputShape: [20, 24, 2], classes: 3 }],
    ['alexnet', { inputShape: [28, 28, 1], classes: 10, width: 0.05 }],
    ['alexnet', { inputShape: [32, 32, 3], classes: 10, width: 0.03 }],
    ['alexnet', { inputShape: [9, 13, 2], classes: 4, width: 0.02 }],
    ['mlp', { inputShape: [28, 28, 1], classes: 10, hidden: [17, 5] }],
    ['mlp', { inputShape: [7, 1], classes: 2, hidden: [] }],
  ];
  for (const [id, options] of cases) {
    it(`${id} ${JSON.stringify(options)}: the analytic count equals TF.js's countParams()`, async () => {
      const m = await TfjsModel.create(id, options);
      expect(architectureParameterCount(id, options)).toBe(m.parameterCount);
      m.dispose();
    });
  }

  it('a teacher far too large for the wasm heap is a ResourceError naming the model and its parameters, before allocation', async () => {
    const before = tf.memory().numTensors;
    const err = await createClassicalModel('mlp', { inputShape: [28, 28, 1], classes: 10, hidden: [40_000, 40_000], backend: 'wasm' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceError);
    // 784 x 40000 + 40000 + 40000 x 40000 + 40000 + 40000 x 10 + 10 = 31,400,000 + 1,600,040,000 + 400,010
    expect((err as Error).message).toMatch(/^mlp has 1,631,840,010 parameters; building it needs about 12.2 GiB: that exceeds the wasm backend's heap/);
    expect((err as Error).message.length).toBeLessThan(600);
    expect(tf.memory().numTensors).toBe(before);
    // width 4 on 32x32x3, by hand: convs 7,168 + 1,770,240 + 10,618,368; dense 8*8*1536 x 16384 + 16384 = 1,610,629,120,
    // 16384^2 + 16384 = 268,451,840, 16384 x 10 + 10 = 163,850
    await expect(createClassicalModel('alexnet', { inputShape: [32, 32, 3], classes: 10, width: 4, backend: 'wasm' })).rejects.toThrow(/^alexnet has 1,891,640,586 parameters/);
  });

  it('training checks the optimiser\'s copies too (wasm heap)', async () => {
    await TfjsModel.create('mlp', { inputShape: [7, 1], classes: 2, hidden: [3], backend: 'wasm' }).then((m) => m.dispose());
    // 250M parameters: 2 GB to build fits the 4 GiB heap; weights, gradients, two Adam moments and temporaries (5 copies, 5 GB) do not
    expect(() => checkModelMemory('big', 250_000_000, 'build')).not.toThrow();
    expect(() => checkModelMemory('big', 250_000_000, 'train')).toThrow(/^big has 250,000,000 parameters; training it needs about 4.66 GiB: that exceeds the wasm backend's heap/);
  });

  it('out-of-memory errors from TF.js become a ResourceError with the model and its parameter count', () => {
    let raw: unknown;
    try {
      new Uint8Array(2 ** 33 + 1);
    } catch (e) {
      raw = e;
    }
    const mapped = outOfMemoryError(raw, 'alexnet', 123_456);
    expect(mapped).toBeInstanceOf(ResourceError);
    expect(mapped!.message).toMatch(/^alexnet \(123,456 parameters\) ran out of memory in the TF.js \w+ backend: Invalid typed array length/);
    expect(outOfMemoryError(new TypeError('x is not a function'), 'alexnet', 1)).toBeUndefined();
  });
});
