import { ValidationError, describeValue } from '@hqml/core';

/** A `rows x cols` grid over an image of `channels` channels: `rows * cols * channels` features. */
export interface Grid {
  readonly rows: number;
  readonly cols: number;
}

/**
 * The grid with `features / channels` cells that fits in `height x width` and whose aspect ratio
 * is closest to the image's (so pooling windows and crops stay as square as possible).
 * Throws naming the reducer and the numbers when there is none.
 */
export function chooseGrid(reducer: string, imageShape: readonly number[], features: number): Grid {
  const [h, w, c] = imageShape as [number, number, number];
  if (imageShape.length !== 3) {
    throw new ValidationError({ what: `${reducer}: input shape is ${describeValue(imageShape)}`, why: `${reducer} works on images [height, width, channels]`, fix: "Use reducer 'dense' or 'pca' for flat inputs" });
  }
  if (features % c !== 0) {
    throw new ValidationError({
      what: `${reducer} cannot produce ${features} features from ${h}x${w}x${c} images`,
      why: `it keeps all ${c} channels, so the feature count must be a multiple of ${c}`,
      fix: "Use reducer 'dense' or 'pca', or an encoding/qubit count whose feature count is a multiple of the channels",
    });
  }
  const n = features / c;
  let best: Grid | undefined;
  let bestScore = Infinity;
  for (let rows = 1; rows <= n; rows++) {
    if (n % rows !== 0) continue;
    const cols = n / rows;
    if (rows > h || cols > w) continue;
    const score = Math.abs(Math.log(rows / cols) - Math.log(h / w));
    // Ties (2x3 vs 3x2 on a square image) go to the first, fewer rows: deterministic.
    if (score < bestScore - 1e-12) {
      best = { rows, cols };
      bestScore = score;
    }
  }
  if (!best) {
    throw new ValidationError({
      what: `${reducer} cannot produce ${features} features from ${h}x${w}x${c} images`,
      why: `no grid of ${n} cells fits in ${h}x${w}`,
      fix: "Use fewer qubits, or reducer 'dense' or 'pca'",
    });
  }
  return best;
}
