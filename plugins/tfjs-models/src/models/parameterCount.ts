import type { ArchitectureId, ArchitectureOptions } from './architectures.js';

/** Output side of a convolution or pooling, as TF computes it. */
function side(n: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(n / stride) : Math.floor((n - kernel) / stride) + 1;
}

/**
 * The number of weights an architecture will have, computed from its options alone (before
 * any tensor exists), so that a model too large for memory is refused before TF.js allocates.
 * Mirrors the layer lists of `buildLeNet5`, `buildAlexNet` and `buildMlp`; the tests check it
 * against TF.js's own `countParams()` of the built models. Options the builder would refuse
 * give NaN, so the builder's own error (naming the option) is the one the user sees.
 */
export function architectureParameterCount(id: ArchitectureId, o: ArchitectureOptions): number {
  const positiveInts = (xs: readonly unknown[] | undefined): boolean => xs === undefined || (Array.isArray(xs) && xs.every((v) => Number.isSafeInteger(v) && (v as number) > 0));
  if (!positiveInts(o.inputShape) || !Number.isSafeInteger(o.classes) || !positiveInts(o.hidden) || !positiveInts(o.filters)) return Number.NaN;
  if (o.width !== undefined && !(o.width > 0 && o.width <= 4)) return Number.NaN;
  const [h = 0, w = 0, c = 1] = o.inputShape;
  const k = o.classes;
  const conv = (inC: number, outC: number, size: number): number => size * size * inC * outC + outC;
  const dense = (inN: number, outN: number): number => inN * outN + outN;
  switch (id) {
    case 'lenet5': {
      const [f1, f2] = o.filters ?? [6, 16];
      const small = h < 32 || w < 32;
      let y = side(h, 5, 1, small ? 'same' : 'valid');
      let x = side(w, 5, 1, small ? 'same' : 'valid');
      y = side(side(y, 2, 2, 'valid'), 5, 1, 'valid');
      x = side(side(x, 2, 2, 'valid'), 5, 1, 'valid');
      y = side(y, 2, 2, 'valid');
      x = side(x, 2, 2, 'valid');
      return conv(c, f1, 5) + conv(f1, f2, 5) + dense(y * x * f2, 120) + dense(120, 84) + dense(84, k);
    }
    case 'alexnet': {
      const width = o.width ?? 1;
      const m = (n: number): number => Math.max(1, Math.round(n * width));
      const y = side(side(h, 2, 2, 'valid'), 2, 2, 'valid');
      const x = side(side(w, 2, 2, 'valid'), 2, 2, 'valid');
      return conv(c, m(64), 3) + conv(m(64), m(192), 3) + conv(m(192), m(384), 3) + dense(y * x * m(384), m(4096)) + dense(m(4096), m(4096)) + dense(m(4096), k);
    }
    case 'mlp': {
      const hidden = o.hidden ?? [256, 128];
      let inN = o.inputShape.reduce((a, b) => a * b, 1);
      let total = 0;
      for (const units of hidden) {
        total += dense(inN, units);
        inN = units;
      }
      return total + dense(inN, k);
    }
  }
}
