import { type DataSplit, ValidationError, describeValue } from '@hqml/core';

/** Index of the first NaN or infinite value, or -1. */
export function firstNonFinite(x: Float32Array): number {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (v !== v || v === Infinity || v === -Infinity) return i;
  }
  return -1;
}

/** Checks a split against a model's input shape and output size before any compute is spent. */
export function validateSplit(split: DataSplit, inputShape: readonly number[], outputSize: number, name: string): void {
  const per = inputShape.reduce((a, b) => a * b, 1);
  if (split.shape.length !== inputShape.length || split.shape.some((d, i) => d !== inputShape[i])) {
    throw new ValidationError({ what: `${name} split has sample shape ${describeValue(split.shape)}`, why: `the model expects ${describeValue(inputShape)}`, fix: 'Load the data set the model was built for, or build the model with this inputShape' });
  }
  if (!Number.isInteger(split.size) || split.size < 1) throw new ValidationError({ what: `${name} split has size ${describeValue(split.size)}`, why: 'it must hold at least one sample' });
  if (split.x.length !== split.size * per) {
    throw new ValidationError({ what: `${name} split has ${split.x.length} input values for ${split.size} samples`, why: `expected ${split.size} x ${per} = ${split.size * per}` });
  }
  if (split.y.length !== split.size) throw new ValidationError({ what: `${name} split has ${split.y.length} labels for ${split.size} samples`, why: 'there must be one label per sample' });
  for (let i = 0; i < split.y.length; i++) {
    const c = split.y[i] as number;
    if (!(c >= 0 && c < outputSize)) {
      throw new ValidationError({ what: `${name} split: label ${i} is ${c}`, why: `the model has ${outputSize} outputs, so labels must be in 0..${outputSize - 1}`, fix: 'Build the model with as many classes as the data set has' });
    }
  }
  const bad = firstNonFinite(split.x);
  if (bad >= 0) {
    throw new ValidationError({ what: `${name} split: input value ${bad} (sample ${Math.floor(bad / per)}) is ${split.x[bad]}`, why: 'inputs must be finite numbers', fix: 'Clean or re-load the data (pixels scaled to [0, 1])' });
  }
}

/** Copies rows `idx` of a row-major array with `per` values per row. */
export function gatherRows<T extends Float32Array | Int32Array>(src: T, per: number, idx: Int32Array): T {
  const out = new (src.constructor as new (n: number) => T)(idx.length * per);
  for (let r = 0; r < idx.length; r++) {
    const s = (idx[r] as number) * per;
    out.set(src.subarray(s, s + per), r * per);
  }
  return out;
}
