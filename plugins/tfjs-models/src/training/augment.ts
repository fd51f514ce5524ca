import { type Rng, ValidationError, describeValue } from '@hqml/core';

/**
 * Seeded data augmentation of image training batches: a random crop of the zero-padded image
 * (translation by up to `pad` pixels in each direction) and a random horizontal flip. The usual
 * CIFAR-10 recipe (pad 4, flip); applied to training batches only, never to validation or test.
 */
export interface AugmentOptions {
  /** Zero padding on each side before the random crop back to the original size. Default 4; 0 = no crop. */
  readonly pad?: number;
  /** Mirror each image left-right with probability 1/2. Default true. */
  readonly flip?: boolean;
}

/** Checks augmentation options against the sample shape before any compute is spent. */
export function validateAugment(o: AugmentOptions, shape: readonly number[], name = 'augment'): void {
  if (shape.length !== 3) {
    throw new ValidationError({ what: `${name} is set but the samples have shape ${describeValue(shape)}`, why: 'crops and flips act on images of shape [height, width, channels]', fix: 'Remove the augmentation for non-image data' });
  }
  const pad = o.pad ?? 4;
  const side = Math.min(shape[0] as number, shape[1] as number);
  if (!Number.isInteger(pad) || pad < 0 || pad >= side) {
    throw new ValidationError({ what: `${name}.pad is ${describeValue(o.pad)}`, why: `it is a number of pixels in 0..${side - 1} for ${shape[0]} x ${shape[1]} images`, fix: 'Use e.g. 4 (the CIFAR-10 recipe) or 0 for flips only' });
  }
  if (o.flip !== undefined && typeof o.flip !== 'boolean') {
    throw new ValidationError({ what: `${name}.flip is ${describeValue(o.flip)}`, why: 'it is true or false', fix: 'Use flip: true' });
  }
}

/**
 * Randomly crops (after zero padding) and flips `count` row-major images of shape
 * [height, width, channels]. Per image, in this order, it draws the vertical offset, the
 * horizontal offset (each `rng.int(2 pad + 1) - pad`) and, with `flip`, the mirror bit
 * (`rng.float() < 0.5`): out[r][c] = in[r + dy][c' + dx] with c' = width - 1 - c when mirrored,
 * zero where that pixel lies outside the image. Same `rng` state, same output.
 */
export function randomCropFlip(x: Float32Array, count: number, shape: readonly number[], rng: Rng, o: AugmentOptions = {}): Float32Array {
  validateAugment(o, shape);
  const [h, w, ch] = shape as [number, number, number];
  const per = h * w * ch;
  if (x.length !== count * per) {
    throw new ValidationError({ what: `randomCropFlip: x has ${x.length} values`, why: `${count} images of shape ${describeValue(shape)} need ${count * per}`, fix: 'Pass count x height x width x channels values' });
  }
  const pad = o.pad ?? 4;
  const flip = o.flip ?? true;
  const out = new Float32Array(x.length);
  for (let i = 0; i < count; i++) {
    const dy = pad > 0 ? rng.int(2 * pad + 1) - pad : 0;
    const dx = pad > 0 ? rng.int(2 * pad + 1) - pad : 0;
    const mirror = flip && rng.float() < 0.5;
    const base = i * per;
    for (let r = 0; r < h; r++) {
      const sr = r + dy;
      if (sr < 0 || sr >= h) continue; // stays zero (padding)
      for (let c = 0; c < w; c++) {
        const sc = (mirror ? w - 1 - c : c) + dx;
        if (sc < 0 || sc >= w) continue;
        const src = base + (sr * w + sc) * ch;
        const dst = base + (r * w + c) * ch;
        for (let k = 0; k < ch; k++) out[dst + k] = x[src + k] as number;
      }
    }
  }
  return out;
}
