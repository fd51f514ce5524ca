import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HqmlError } from '@hqml/core';
import { tempDir } from '@hqml/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TfjsModel } from '../models/tfjsModel.js';

/**
 * The saved-model reader (model.json + weights.bin) under fuzzing: mutated weight bytes,
 * truncated or extended files, and hostile weight specs (huge or negative shapes, other dtypes,
 * garbage JSON) either load or fail with an hqml error naming the file, and a failed load
 * leaves the model's weights untouched.
 */
describe('model files under fuzzing (fast-check)', () => {
  it('mutated weights.bin and model.json: a load or an hqml error, never a crash or a half-loaded model', async () => {
    const dir = tempDir('hqml-tfjs-fuzz-');
    const saved = await TfjsModel.create('mlp', { inputShape: [4, 1], classes: 2, hidden: [3], seed: 1 });
    await saved.save(dir);
    const bin = readFileSync(join(dir, 'weights.bin'));
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { weightsManifest: Array<{ weights: Array<{ name: string; shape: number[]; dtype: string }> }> };
    const target = await TfjsModel.create('mlp', { inputShape: [4, 1], classes: 2, hidden: [3], seed: 2 });
    const before = target.net.getWeights().map((w) => Array.from(w.dataSync()));
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), value: fc.nat(255) }),
      fc.record({ kind: fc.constant('length' as const), length: fc.nat(2 * bin.length) }),
      fc.record({ kind: fc.constant('shape' as const), w: fc.nat(5), shape: fc.array(fc.oneof(fc.integer({ min: -3, max: 5 }), fc.constant(2 ** 31), fc.constant(1e15)), { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('dtype' as const), w: fc.nat(5), dtype: fc.constantFrom('int32', 'bool', 'string', 'complex64', 'float16') }),
      fc.record({ kind: fc.constant('json' as const), text: fc.oneof(fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v))) }),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        let b = Buffer.from(bin);
        const j = JSON.parse(JSON.stringify(json)) as typeof json;
        let text: string | undefined;
        if (m.kind === 'bytes') b[m.at % b.length] = m.value;
        if (m.kind === 'length') b = m.length <= bin.length ? b.subarray(0, m.length) : Buffer.concat([b, Buffer.alloc(m.length - bin.length)]);
        const specs = j.weightsManifest[0]!.weights;
        if (m.kind === 'shape') specs[m.w % specs.length]!.shape = m.shape;
        if (m.kind === 'dtype') specs[m.w % specs.length]!.dtype = m.dtype;
        if (m.kind === 'json') text = m.text;
        writeFileSync(join(dir, 'weights.bin'), b);
        writeFileSync(join(dir, 'model.json'), text ?? JSON.stringify(j));
        try {
          await target.load(dir);
          await target.load(dir);
        } catch (err) {
          if (!(err instanceof HqmlError)) throw err;
          expect(err.message).toMatch(/model.json|weights.bin|weight|holds/);
          expect(target.net.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
          return;
        }
        // a load that succeeded put the (possibly mutated) weights in; put the originals back
        target.net.setWeights(saved.net.getWeights());
        before.splice(0, before.length, ...target.net.getWeights().map((w) => Array.from(w.dataSync())));
      }),
      { numRuns: 150 },
    );
    saved.dispose();
    target.dispose();
  });
});

describe('training checkpoints under fuzzing (fast-check)', () => {
  it('mutated checkpoint.json and weights: a checkpoint or a DataError, never a crash', async () => {
    const { readCheckpoint, writeCheckpoint, CHECKPOINT_FILE } = await import('../training/checkpoint.js');
    const dir = tempDir('hqml-ckpt-fuzz-');
    await writeCheckpoint(dir, { tag: { id: 'x' }, settings: {}, epoch: 1, history: [], best: undefined, wait: 0, optimizerStep: 1 } as never, [['a', Float32Array.from([1, 2, 3])], ['b', Float32Array.from([4])]]);
    const meta = JSON.parse(readFileSync(join(dir, CHECKPOINT_FILE), 'utf8')) as Record<string, unknown>;
    const binName = meta['bin'] as string;
    const bin = readFileSync(join(dir, binName));
    const field = fc.constantFrom('bin', 'bytes', 'blocks', 'format', 'version', 'epoch');
    await fc.assert(
      fc.asyncProperty(field, fc.jsonValue({ maxDepth: 2 }), fc.nat(2 * bin.length), async (key, value, length) => {
        writeFileSync(join(dir, CHECKPOINT_FILE), JSON.stringify({ ...meta, [key]: value }));
        writeFileSync(join(dir, binName), length <= bin.length ? bin.subarray(0, length) : Buffer.concat([bin, Buffer.alloc(length - bin.length)]));
        try {
          const c = await readCheckpoint(dir);
          expect(c?.blocks.get('a')?.length).toBe(3);
        } catch (err) {
          if (!(err instanceof HqmlError)) throw err;
        }
      }),
      { numRuns: 300 },
    );
  });
});
