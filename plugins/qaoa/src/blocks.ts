import { IsingModel, ValidationError, describeValue } from '@hqml/core';

/**
 * The model over the variables of `block` with every other variable clamped to its value in
 * `state` (spins): fields absorb the couplings to clamped variables and the offset their
 * energy, so `sub.energy(x) = model.energy(state with block set to x)`.
 */
export function clampModel(model: IsingModel, block: readonly number[], state: ArrayLike<number>): IsingModel {
  const n = model.numVariables;
  const local = new Int32Array(n).fill(-1);
  block.forEach((v, a) => {
    local[v] = a;
  });
  const h = new Float64Array(block.length);
  let offset = model.offset;
  for (let i = 0; i < n; i++) {
    const a = local[i]!;
    if (a >= 0) h[a] = model.linear[i]!;
    else offset += model.linear[i]! * (state[i] as number);
  }
  const J: Array<[number, number, number]> = [];
  for (let k = 0; k < model.numInteractions; k++) {
    const i = model.heads[k]!;
    const j = model.tails[k]!;
    const v = model.values[k]!;
    const a = local[i]!;
    const b = local[j]!;
    if (a >= 0 && b >= 0) J.push([a, b, v]);
    else if (a >= 0) h[a]! += v * (state[j] as number);
    else if (b >= 0) h[b]! += v * (state[i] as number);
    else offset += v * (state[i] as number) * (state[j] as number);
  }
  return IsingModel.from({ h, J, offset, numVariables: block.length });
}

/**
 * The blocks of a block-mode run: `blocks` as given (checked to cover every variable exactly
 * once), or consecutive runs of `blockSize` variables.
 */
export function makeBlocks(n: number, blockSize: number | undefined, blocks: readonly (readonly number[])[] | undefined): number[][] {
  if (blocks) {
    const seen = new Uint8Array(n);
    blocks.forEach((b, k) =>
      b.forEach((v) => {
        if (v >= n) throw new ValidationError({ what: `blocks[${k}] names variable ${v}`, why: `the model has ${n} variables (0..${n - 1})`, fix: 'Use variable indices of the model' });
        if (seen[v]) throw new ValidationError({ what: `variable ${v} is in two blocks`, why: 'blocks partition the variables: each variable is in exactly one', fix: 'Remove the duplicate' });
        seen[v] = 1;
      }),
    );
    const missing = seen.indexOf(0);
    if (missing >= 0) throw new ValidationError({ what: `variable ${missing} is in no block`, why: 'blocks partition the variables: each variable is in exactly one', fix: 'Add it to a block' });
    return blocks.map((b) => [...b]);
  }
  if (blockSize === undefined || !Number.isSafeInteger(blockSize) || blockSize < 1) throw new ValidationError({ what: `blockSize is ${describeValue(blockSize)}`, why: 'block mode needs a positive block size or explicit blocks' });
  const out: number[][] = [];
  for (let s = 0; s < n; s += blockSize) out.push(Array.from({ length: Math.min(blockSize, n - s) }, (_, k) => s + k));
  return out;
}
