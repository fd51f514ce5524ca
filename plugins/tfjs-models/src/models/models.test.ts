import * as tf from '@tensorflow/tfjs-core';
import { Rng, ValidationError, hasFeatures } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { createClassicalModel } from '../createModel.js';
import { EnsembleModel } from './ensembleModel.js';
import { TfjsModel } from './tfjsModel.js';

/** Parameters of a k x k conv (with bias) and a dense layer (with bias). */
const conv = (k: number, ci: number, co: number): number => k * k * ci * co + co;
const dense = (i: number, o: number): number => i * o + o;

function images(n: number, shape: number[], seed: number): Float32Array {
  const rng = Rng.from(seed);
  return new Float32Array(n * shape.reduce((a, b) => a * b, 1)).map(() => rng.float());
}

describe('architectures', () => {
  it('LeNet-5 has the analytic parameter count on 28x28x1 and 32x32x3', async () => {
    const head = dense(400, 120) + dense(120, 84) + dense(84, 10);
    const a = await TfjsModel.create('lenet5', { inputShape: [28, 28, 1], classes: 10 });
    expect(a.parameterCount).toBe(conv(5, 1, 6) + conv(5, 6, 16) + head);
    expect(a.parameterCount).toBe(61706);
    const b = await TfjsModel.create('lenet5', { inputShape: [32, 32, 3], classes: 10 });
    expect(b.parameterCount).toBe(conv(5, 3, 6) + conv(5, 6, 16) + head);
    a.dispose();
    b.dispose();
  });

  it('LeNet-5 with wider convolutions (filters) has the analytic parameter count; bad filters are refused', async () => {
    const m = await TfjsModel.create('lenet5', { inputShape: [32, 32, 3], classes: 10, filters: [32, 64] });
    expect(m.parameterCount).toBe(conv(5, 3, 32) + conv(5, 32, 64) + dense(5 * 5 * 64, 120) + dense(120, 84) + dense(84, 10));
    expect(m.parameterCount).toBe(256_830);
    m.dispose();
    await expect(TfjsModel.create('lenet5', { inputShape: [32, 32, 3], classes: 10, filters: [0, 16] })).rejects.toThrow(/filters/);
  });

  it('AlexNet parameter counts follow the width multiplier', async () => {
    const count = (w: number, side: number, ci: number): number => {
      const c = (n: number): number => Math.max(1, Math.round(n * w));
      const flat = Math.floor(Math.floor(side / 2) / 2) ** 2 * c(384);
      return conv(3, ci, c(64)) + conv(3, c(64), c(192)) + conv(3, c(192), c(384)) + dense(flat, c(4096)) + dense(c(4096), c(4096)) + dense(c(4096), 10);
    };
    // The full model is only counted analytically (94.7M parameters on 28x28x1); build reduced ones.
    expect(count(1, 28, 1)).toBe(94_672_074);
    for (const w of [0.125, 0.25]) {
      const m = await TfjsModel.create('alexnet', { inputShape: [28, 28, 1], classes: 10, width: w });
      expect(m.parameterCount).toBe(count(w, 28, 1));
      m.dispose();
    }
    const m3 = await TfjsModel.create('alexnet', { inputShape: [32, 32, 3], classes: 10, width: 0.125 });
    expect(m3.parameterCount).toBe(count(0.125, 32, 3));
    m3.dispose();
  });

  it('the same seed gives the same weights; another seed other weights', async () => {
    const w = async (seed: number): Promise<Float32Array> => {
      const m = await TfjsModel.create('lenet5', { inputShape: [28, 28, 1], classes: 10, seed });
      const out = m.trainableVariables[0]?.dataSync().slice() as Float32Array;
      m.dispose();
      return out;
    };
    expect(Array.from(await w(5))).toEqual(Array.from(await w(5)));
    expect(Array.from(await w(5))).not.toEqual(Array.from(await w(6)));
  });

  it.each(['lenet5', 'alexnet', 'mlp'] as const)('%s: the training forward pass (unfused ops) equals tfjs-layers predict', async (id) => {
    const m = await TfjsModel.create(id, { inputShape: [28, 28, 1], classes: 10, seed: 1, width: 0.125 });
    const x = tf.tensor4d(images(5, [28, 28, 1], 2), [5, 28, 28, 1]);
    const a = tf.tidy(() => m.forward(x, false).dataSync());
    const b = tf.tidy(() => (m.net.predict(x) as tf.Tensor).dataSync());
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i] as number, 4);
    x.dispose();
    m.dispose();
  });

  it('logits in batches equal logits in one batch', async () => {
    const m = await TfjsModel.create('lenet5', { inputShape: [28, 28, 1], classes: 10, seed: 3 });
    const x = images(37, [28, 28, 1], 4);
    const one = await m.logits(x, 37, 64);
    const many = await m.logits(x, 37, 5);
    expect(one.length).toBe(370);
    expect(Array.from(many)).toEqual(Array.from(one));
    m.dispose();
  });

  it('features are the last hidden layer: the logits layer applied to them gives the logits (LeNet-5: 84 tanh units)', async () => {
    const m = await TfjsModel.create('lenet5', { inputShape: [28, 28, 1], classes: 10, seed: 5 });
    expect(hasFeatures(m)).toBe(true);
    expect(m.featureSize).toBe(84);
    const x = images(6, [28, 28, 1], 6);
    const f = await m.features(x, 6, 4);
    const logits = await m.logits(x, 6);
    expect(f.length).toBe(6 * 84);
    expect(f.every((v) => v >= -1 && v <= 1)).toBe(true);
    // By hand: logits = f W + b with the logits layer's own weights.
    const [W, b] = m.net.layers[m.net.layers.length - 1]!.getWeights().map((t) => t.dataSync());
    for (let i = 0; i < 6; i++) {
      for (let k = 0; k < 10; k++) {
        let z = b![k]!;
        for (let j = 0; j < 84; j++) z += f[i * 84 + j]! * W![j * 10 + k]!;
        expect(z).toBeCloseTo(logits[i * 10 + k]!, 4);
      }
    }
    await expect(m.features(new Float32Array(10), 1)).rejects.toThrow(/x has 10 values for count 1/);
    m.dispose();
    const mlp = await TfjsModel.create('mlp', { inputShape: [4, 4, 1], classes: 3, hidden: [7] });
    expect(mlp.featureSize).toBe(7);
    mlp.dispose();
  });

  it('logits rejects a wrong length and NaN, naming what was expected', async () => {
    const m = await TfjsModel.create('mlp', { inputShape: [4, 4, 1], classes: 3 });
    await expect(m.logits(new Float32Array(15), 1)).rejects.toThrow(/x has 15 values for count 1.*expects count x 16/);
    const bad = new Float32Array(32);
    bad[20] = Number.NaN;
    await expect(m.logits(bad, 2)).rejects.toThrow(/x\[20\] \(sample 1\) is NaN/);
    m.dispose();
    await expect(m.logits(new Float32Array(16), 1)).rejects.toThrow(/disposed/);
  });

  it('rejects bad architecture options before building', async () => {
    await expect(TfjsModel.create('lenet5', { inputShape: [28, 28], classes: 10 })).rejects.toThrow(ValidationError);
    await expect(TfjsModel.create('lenet5', { inputShape: [8, 8, 1], classes: 10 })).rejects.toThrow(/at least 16x16/);
    await expect(TfjsModel.create('alexnet', { inputShape: [28, 28, 1], classes: 10, width: 0 })).rejects.toThrow(/width/);
    await expect(TfjsModel.create('mlp', { inputShape: [4], classes: 1 })).rejects.toThrow(/at least 2 classes/);
    await expect(createClassicalModel('resnet' as never, { inputShape: [4], classes: 2 })).rejects.toThrow(/lenet5, alexnet, mlp, ensemble/);
  });
});

describe('ensemble', () => {
  it('logits are the mean of the members\' logits', async () => {
    const e = (await createClassicalModel('ensemble', { inputShape: [28, 28, 1], classes: 10, seed: 2, width: 0.125 })) as EnsembleModel;
    expect(e.members.map((m) => m.id)).toEqual(['lenet5', 'alexnet']);
    expect(e.parameterCount).toBe((e.members[0]?.parameterCount ?? 0) + (e.members[1]?.parameterCount ?? 0));
    const x = images(6, [28, 28, 1], 9);
    const [a, b, mean] = await Promise.all([e.members[0]?.logits(x, 6), e.members[1]?.logits(x, 6), e.logits(x, 6)]);
    for (let i = 0; i < 60; i++) expect(mean?.[i]).toBeCloseTo(((a?.[i] ?? 0) + (b?.[i] ?? 0)) / 2, 5);
    e.dispose();
  });

  it('rejects members built for different inputs', async () => {
    const a = await TfjsModel.create('mlp', { inputShape: [4, 4, 1], classes: 3 });
    const b = await TfjsModel.create('mlp', { inputShape: [4, 4, 1], classes: 4 });
    expect(() => new EnsembleModel([a, b])).toThrow(/4 outputs/);
    a.dispose();
    b.dispose();
  });
});
