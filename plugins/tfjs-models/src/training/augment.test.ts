import { type DataSplit, Rng, ValidationError } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { TfjsModel } from '../models/tfjsModel.js';
import { randomCropFlip } from './augment.js';

function images(count: number, shape: readonly [number, number, number], seed: number): Float32Array {
  const rng = Rng.from(seed);
  return Float32Array.from({ length: count * shape[0] * shape[1] * shape[2] }, () => 0.1 + rng.float());
}

/**
 * Independent reference: builds the zero-padded image explicitly, crops the window at the drawn
 * offset, then mirrors the crop (draws replayed from a clone of the same Rng).
 */
function reference(x: Float32Array, count: number, [h, w, ch]: readonly [number, number, number], rng: Rng, pad: number, flip: boolean): Float32Array {
  const out = new Float32Array(x.length);
  const H = h + 2 * pad, W = w + 2 * pad;
  for (let i = 0; i < count; i++) {
    const padded = new Float32Array(H * W * ch);
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) for (let k = 0; k < ch; k++) padded[((r + pad) * W + c + pad) * ch + k] = x[((i * h + r) * w + c) * ch + k]!;
    const oy = pad > 0 ? rng.int(2 * pad + 1) : 0; // crop window's top-left corner in the padded image
    const ox = pad > 0 ? rng.int(2 * pad + 1) : 0;
    const mirror = flip && rng.float() < 0.5;
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const cc = mirror ? w - 1 - c : c;
        for (let k = 0; k < ch; k++) out[((i * h + r) * w + c) * ch + k] = padded[((r + oy) * W + cc + ox) * ch + k]!;
      }
    }
  }
  return out;
}

describe('randomCropFlip', () => {
  const shape = [6, 5, 3] as const;
  const x = images(40, shape, 1);

  it('equals an explicit pad-crop-mirror reference drawing the same random numbers', () => {
    for (const [pad, flip] of [[2, true], [1, false], [0, true], [4, true]] as const) {
      const got = randomCropFlip(x, 40, shape, Rng.from(7), { pad, flip });
      expect(Array.from(got)).toEqual(Array.from(reference(x, 40, shape, Rng.from(7), pad, flip)));
    }
  });

  it('is seeded: the same seed gives the same batch, another seed another batch', () => {
    const a = randomCropFlip(x, 40, shape, Rng.from('s:augment:1'));
    expect(Array.from(randomCropFlip(x, 40, shape, Rng.from('s:augment:1')))).toEqual(Array.from(a));
    expect(Array.from(randomCropFlip(x, 40, shape, Rng.from('s:augment:2')))).not.toEqual(Array.from(a));
  });

  it('pad 0 without flip is the identity; flips only give each image or its mirror, both occurring', () => {
    expect(Array.from(randomCropFlip(x, 40, shape, Rng.from(3), { pad: 0, flip: false }))).toEqual(Array.from(x));
    const [h, w, ch] = shape;
    const per = h * w * ch;
    const f = randomCropFlip(x, 40, shape, Rng.from(3), { pad: 0, flip: true });
    let mirrored = 0;
    for (let i = 0; i < 40; i++) {
      const same = f.subarray(i * per, (i + 1) * per).every((v, j) => v === x[i * per + j]);
      let mirror = true;
      for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) for (let k = 0; k < ch; k++) if (f[i * per + (r * w + c) * ch + k] !== x[i * per + (r * w + w - 1 - c) * ch + k]) mirror = false;
      expect(same || mirror).toBe(true);
      if (mirror) mirrored++;
    }
    expect(mirrored).toBeGreaterThan(5);
    expect(mirrored).toBeLessThan(35);
  });

  it('crops translate: with pad 4 on 32x32 images every output is a shift of its input (pixels all > 0 inside, zeros only in the padding band)', () => {
    const s = [32, 32, 1] as const;
    const big = images(20, s, 2);
    const out = randomCropFlip(big, 20, s, Rng.from(5), { pad: 4, flip: false });
    let shifted = 0;
    for (let i = 0; i < 20; i++) {
      const img = out.subarray(i * 1024, (i + 1) * 1024);
      // the non-zero pixels form a rectangle of at least 28x28 (the shift is at most 4 each way)
      let rows = 0, cols = 0;
      for (let r = 0; r < 32; r++) if (img[r * 32 + 16]! > 0) rows++;
      for (let c = 0; c < 32; c++) if (img[16 * 32 + c]! > 0) cols++;
      expect(rows).toBeGreaterThanOrEqual(28);
      expect(cols).toBeGreaterThanOrEqual(28);
      if (rows < 32 || cols < 32) shifted++;
    }
    expect(shifted).toBeGreaterThan(10); // 1/81 of the draws are (0, 0)
  });

  it('refuses non-image shapes, a pad outside 0..side-1 and a wrong value count', () => {
    expect(() => randomCropFlip(new Float32Array(8), 2, [4], Rng.from(0))).toThrow(ValidationError);
    expect(() => randomCropFlip(x, 40, shape, Rng.from(0), { pad: 5 })).toThrow(/pad/);
    expect(() => randomCropFlip(x, 40, shape, Rng.from(0), { pad: -1 })).toThrow(/pad/);
    expect(() => randomCropFlip(x, 39, shape, Rng.from(0))).toThrow(/values/);
  });
});

describe('trainLoop with augment', () => {
  function split(n: number): DataSplit {
    const rng = Rng.from(9);
    const y = Int32Array.from({ length: n }, () => rng.int(2));
    const x = new Float32Array(n * 64);
    // class 1: bright left half (a flip moves it to the right, so augmentation changes the batches)
    for (let i = 0; i < n; i++) for (let p = 0; p < 64; p++) x[i * 64 + p] = 0.2 * rng.float() + (y[i] === 1 && p % 8 < 4 ? 0.8 : 0);
    return { x, y, shape: [8, 8, 1], classes: ['a', 'b'], size: n };
  }

  it('is seeded (same seed, same losses) and changes the training batches', async () => {
    const data = split(96);
    const run = async (augment: boolean, seed: number): Promise<number[]> => {
      const m = await TfjsModel.create('mlp', { inputShape: [8, 8, 1], classes: 2, hidden: [8], seed: 0 });
      const h = await m.fit(data, { epochs: 2, batchSize: 32, seed, ...(augment ? { augment: { pad: 2, flip: true } } : {}) });
      m.dispose();
      return h.epochs.map((e) => e.loss);
    };
    const a = await run(true, 1);
    expect(await run(true, 1)).toEqual(a);
    expect(await run(false, 1)).not.toEqual(a);
    expect(await run(true, 2)).not.toEqual(a);
  });

  it('refuses augmentation of non-image data before training', async () => {
    const m = await TfjsModel.create('mlp', { inputShape: [2, 2], classes: 2, hidden: [4], seed: 0 });
    const data: DataSplit = { x: new Float32Array(16), y: new Int32Array(4), shape: [2, 2], classes: ['a', 'b'], size: 4 };
    await expect(m.fit(data, { epochs: 1, batchSize: 2, augment: { pad: 1 } })).rejects.toThrow(/augment/);
    m.dispose();
  });
});
