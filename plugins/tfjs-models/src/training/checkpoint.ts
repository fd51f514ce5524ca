import { readFile, rm, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, ValidationError, writeFileAtomic } from '@hqml/core';

/** The JSON half of a training checkpoint (the tensors live in the `.bin` it names). */
export interface CheckpointMeta {
  readonly format: 'hqml-train-checkpoint';
  readonly version: 1;
  /** Identity of the network (architecture id, options, variable shapes); resume requires equality. */
  readonly tag: Readonly<Record<string, unknown>>;
  /** Settings that must be equal for a resumed run to reproduce an uninterrupted one. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Completed epochs. */
  readonly epoch: number;
  readonly history: unknown;
  /** Early stopping state. */
  readonly best: { readonly epoch: number; readonly valLoss: number } | null;
  readonly wait: number;
  readonly optimizerStep: number;
  /** Names of the float32 blocks in the binary file, with their lengths, in order. */
  readonly blocks: ReadonlyArray<{ readonly name: string; readonly length: number }>;
  readonly bin: string;
  readonly bytes: number;
}

/** A checkpoint in memory. */
export interface Checkpoint {
  readonly meta: CheckpointMeta;
  readonly blocks: ReadonlyMap<string, Float32Array>;
}

export const CHECKPOINT_FILE = 'checkpoint.json';

/**
 * Writes a checkpoint: the binary under a name that includes the epoch, then the JSON that
 * points to it, each atomically (temp file + rename), then removes binaries of older epochs.
 * A crash at any point leaves the previous complete checkpoint readable.
 */
export async function writeCheckpoint(dir: string, meta: Omit<CheckpointMeta, 'format' | 'version' | 'blocks' | 'bin' | 'bytes'>, blocks: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
  const total = blocks.reduce((n, [, a]) => n + a.length, 0);
  const buf = new Float32Array(total);
  let off = 0;
  for (const [, a] of blocks) {
    buf.set(a, off);
    off += a.length;
  }
  const bin = `checkpoint-epoch-${meta.epoch}.bin`;
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  await writeFileAtomic(join(dir, bin), bytes);
  const full: CheckpointMeta = { format: 'hqml-train-checkpoint', version: 1, ...meta, blocks: blocks.map(([name, a]) => ({ name, length: a.length })), bin, bytes: bytes.byteLength };
  await writeFileAtomic(join(dir, CHECKPOINT_FILE), JSON.stringify(full));
  for (const f of await readdir(dir)) {
    if (/^checkpoint-epoch-\d+\.bin$/.test(f) && f !== bin) await rm(join(dir, f), { force: true });
  }
}

/** Reads the checkpoint in `dir`; undefined when there is none. Corrupt or truncated files are errors. */
export async function readCheckpoint(dir: string): Promise<Checkpoint | undefined> {
  const file = join(dir, CHECKPOINT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let meta: CheckpointMeta;
  try {
    meta = JSON.parse(text) as CheckpointMeta;
  } catch (cause) {
    throw new DataError({ what: `${file} is not valid JSON`, why: 'the checkpoint is corrupt', fix: 'Delete the checkpoint directory or resume from a copy', cause });
  }
  if (meta?.format !== 'hqml-train-checkpoint' || meta.version !== 1 || !Array.isArray(meta.blocks)) {
    throw new DataError({ what: `${file} is not an hqml training checkpoint (format ${String(meta?.format)})`, why: 'resume reads only checkpoints written by fit', fix: 'Point checkpointDir at a directory written by fit, or start without resume' });
  }
  // Every field is checked before it is used: a hostile or damaged file is a DataError, never a
  // RangeError from a typed array or a read outside the checkpoint directory.
  const bad = (what: string, why: string): never => {
    throw new DataError({ what: `${file}: ${what}`, why, fix: 'Delete the checkpoint directory and train again, or resume from a copy' });
  };
  if (typeof meta.bin !== 'string' || !/^checkpoint-epoch-\d+\.bin$/.test(meta.bin)) bad(`bin is ${JSON.stringify(meta.bin)}`, 'fit names the weights file checkpoint-epoch-<n>.bin, in the same directory');
  if (!Number.isSafeInteger(meta.bytes) || meta.bytes < 0 || meta.bytes % 4 !== 0) bad(`bytes is ${JSON.stringify(meta.bytes)}`, 'the weights are float32, so the size is a multiple of 4');
  meta.blocks.forEach((b, k) => {
    if (typeof b?.name !== 'string' || !Number.isSafeInteger(b.length) || b.length < 0) bad(`blocks[${k}] is ${JSON.stringify(b)}`, 'each block has a name and a non-negative length');
  });
  const binFile = join(dir, meta.bin);
  const size = await stat(binFile).then((s) => s.size, () => -1);
  if (size !== meta.bytes) {
    throw new DataError({ what: `${binFile} has ${size < 0 ? 'gone missing' : `${size} bytes`}`, why: `the checkpoint expects ${meta.bytes} bytes (truncated or replaced)`, fix: 'Delete the checkpoint directory and train again, or restore the file' });
  }
  const raw = await readFile(binFile);
  const all = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const blocks = new Map<string, Float32Array>();
  let off = 0;
  for (const b of meta.blocks) {
    blocks.set(b.name, all.subarray(off, off + b.length));
    off += b.length;
  }
  if (off !== all.length) throw new DataError({ what: `${binFile} holds ${all.length} values`, why: `the block list sums to ${off}` });
  return { meta, blocks };
}

/** Throws when a checkpoint's identity or settings differ from the current run's. */
export function assertCompatible(dir: string, kind: 'tag' | 'settings', found: Readonly<Record<string, unknown>>, expected: Readonly<Record<string, unknown>>): void {
  const a = JSON.stringify(found);
  const b = JSON.stringify(expected);
  if (a === b) return;
  const keys = [...new Set([...Object.keys(found), ...Object.keys(expected)])].filter((k) => JSON.stringify(found[k]) !== JSON.stringify(expected[k]));
  throw new ValidationError({
    what: `The checkpoint in ${dir} was written ${kind === 'tag' ? 'for another architecture' : 'with other training settings'} (differs in ${keys.join(', ')}: checkpoint ${keys.map((k) => `${k}=${JSON.stringify(found[k])}`).join(', ')}; this run ${keys.map((k) => `${k}=${JSON.stringify(expected[k])}`).join(', ')})`,
    why: 'resume continues a run only with the same model and settings, so that it reproduces the uninterrupted run',
    fix: 'Use the same model and fit options, or another checkpointDir (the existing checkpoint is left untouched)',
  });
}
