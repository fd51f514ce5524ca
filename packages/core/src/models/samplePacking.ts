import { ValidationError } from '../errors.js';
import type { ParsedArray } from './dimodArray.js';
import type { Vartype } from './quadraticModel.js';

/**
 * dimod's sample packing (`dimod.serialization.utils.pack_samples`): each row's values, as bits
 * (spin +1 or bit 1 is a set bit), padded to a multiple of 32 and stored as uint32 words, so
 * variable `i` is bit `i % 32` (least significant first) of word `floor(i / 32)`.
 *
 * Why that bit order: dimod reverses each group of 8 before `np.packbits` (which fills the most
 * significant bit first) and then views 4 bytes as one little-endian uint32; the two reversals
 * leave variable 0 in the lowest bit. An empty array (no rows or no variables) keeps the
 * unpacked shape `[rows, n]`, as `np.empty(states.shape)` does.
 */
export function packSamples(data: Int8Array, rows: number, n: number): { words: Float64Array; shape: [number, number] } {
  if (rows === 0 || n === 0) return { words: new Float64Array(0), shape: [rows, n] };
  const perRow = Math.ceil(n / 32);
  const words = new Float64Array(rows * perRow);
  for (let r = 0; r < rows; r++) {
    for (let w = 0; w < perRow; w++) {
      let word = 0;
      const end = Math.min(32, n - 32 * w);
      for (let b = 0; b < end; b++) if (data[r * n + 32 * w + b] === 1) word |= 1 << b;
      words[r * perRow + w] = word >>> 0;
    }
  }
  return { words, shape: [rows, perRow] };
}

/** Inverts {@link packSamples}: rows of spins (-1/+1) or bits (0/1), checking the array's type and shape. */
export function unpackSamples(arr: ParsedArray, rows: number, n: number, vartype: Vartype): Int8Array {
  const fail = (what: string, why: string): never => {
    throw new ValidationError({ what: `dimod SampleSet: sample_data ${what}`, why, fix: "Pass what dimod's SampleSet.to_serializable() wrote" });
  };
  const out = new Int8Array(rows * n);
  if (rows === 0 || n === 0) {
    if (arr.data.length !== 0) fail(`holds ${arr.data.length} values`, `${rows} rows of ${n} variables pack into no words`);
    if (vartype === 'SPIN') out.fill(-1);
    return out;
  }
  const perRow = Math.ceil(n / 32);
  if (arr.dataType !== 'uint32') fail(`has data_type ${JSON.stringify(arr.dataType)}`, 'packed samples are uint32 words');
  if (arr.shape.length !== 2 || arr.shape[0] !== rows || arr.shape[1] !== perRow) fail(`has shape ${JSON.stringify(arr.shape)}`, `${rows} rows of ${n} variables pack into [${rows}, ${perRow}] words`);
  const zero = vartype === 'SPIN' ? -1 : 0;
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < n; i++) {
      const word = arr.data[r * perRow + (i >> 5)]!;
      if (word > 0xffffffff) fail(`word ${r * perRow + (i >> 5)} is ${word}`, 'uint32 words are below 2^32');
      out[r * n + i] = (word >>> (i & 31)) & 1 ? 1 : zero;
    }
  }
  return out;
}
