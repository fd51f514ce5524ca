/**
 * A split as stored in its files: 8-bit pixels plus labels, before any selection or scaling.
 * Pixels stay in the file's buffer (no copy); `offset`/`stride` address sample `i`.
 */
export interface RawImages {
  readonly count: number;
  /** Height, width, channels. */
  readonly shape: readonly [number, number, number];
  /** Original labels, one byte each. */
  readonly labels: Uint8Array;
  readonly pixels: Uint8Array;
  /** Byte offset of sample 0's pixels in `pixels`. */
  readonly offset: number;
  /** Bytes from one sample's pixels to the next. */
  readonly stride: number;
  /** `hwc`: interleaved channels (IDX); `chw`: planar channels (CIFAR-10 binary). */
  readonly layout: 'hwc' | 'chw';
}

/** byte -> byte / 255, so the hot loop is a table lookup instead of a division. */
const SCALE = (() => {
  const t = new Float32Array(256);
  for (let i = 0; i < 256; i++) t[i] = i / 255;
  return t;
})();

/**
 * Converts the samples `indices` (all when omitted) to one Float32Array in HWC order scaled to
 * [0, 1]. Planar CIFAR records are interleaved on the way, so the only allocation is the output.
 */
export function toFloat32(raw: RawImages, indices?: Int32Array): Float32Array {
  const [h, w, c] = raw.shape;
  const hw = h * w;
  const dim = hw * c;
  const n = indices ? indices.length : raw.count;
  const out = new Float32Array(n * dim);
  const px = raw.pixels;
  for (let k = 0; k < n; k++) {
    const i = indices ? (indices[k] as number) : k;
    const src = raw.offset + i * raw.stride;
    const dst = k * dim;
    if (raw.layout === 'hwc') {
      for (let j = 0; j < dim; j++) out[dst + j] = SCALE[px[src + j] as number] as number;
    } else {
      for (let ch = 0; ch < c; ch++) {
        const plane = src + ch * hw;
        for (let p = 0; p < hw; p++) out[dst + p * c + ch] = SCALE[px[plane + p] as number] as number;
      }
    }
  }
  return out;
}
