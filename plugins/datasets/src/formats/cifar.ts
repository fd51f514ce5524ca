import { bytes, fileError } from './dataError.js';

/** Bytes of one CIFAR-10 binary record: 1 label byte and 3 x 32 x 32 pixel bytes (planar RGB). */
export const CIFAR_RECORD_BYTES = 3073;
/** Pixel bytes per CIFAR-10 image. */
export const CIFAR_IMAGE_BYTES = 3072;

/** One parsed CIFAR-10 binary batch. */
export interface CifarBatch {
  readonly count: number;
  /** The label byte of every record. */
  readonly labels: Uint8Array;
  /** The file's bytes; record `i` starts at `i * 3073`, its pixels at `i * 3073 + 1` (CHW order). */
  readonly records: Uint8Array;
}

/**
 * Parses a CIFAR-10 binary batch (`data_batch_N.bin`, `test_batch.bin`): a sequence of 3,073-byte
 * records. The file size must be a positive multiple of 3,073 and every label below `classCount`.
 */
export function parseCifarBatch(data: Uint8Array, file: string, classCount: number): CifarBatch {
  if (data.length === 0) throw fileError(file, 'the file is empty', `a positive multiple of ${bytes(CIFAR_RECORD_BYTES)} (1 label byte + 3,072 pixel bytes per record)`, bytes(0));
  if (data.length % CIFAR_RECORD_BYTES !== 0) {
    throw fileError(file, 'CIFAR-10 batch size is not a whole number of records', `a multiple of ${bytes(CIFAR_RECORD_BYTES)} per record`, `${bytes(data.length)} (${Math.floor(data.length / CIFAR_RECORD_BYTES)} records and ${bytes(data.length % CIFAR_RECORD_BYTES)} left over)`);
  }
  const count = data.length / CIFAR_RECORD_BYTES;
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = data[i * CIFAR_RECORD_BYTES] as number;
    if (label >= classCount) throw fileError(file, `label out of range in record ${i}`, `a label in 0..${classCount - 1}`, String(label));
    labels[i] = label;
  }
  return { count, labels, records: data };
}

/**
 * Parses `batches.meta.txt`: one class name per line (blank lines ignored). The number of names
 * must equal `classCount`.
 */
export function parseCifarMeta(text: string, file: string, classCount: number): string[] {
  const names = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (names.length !== classCount) throw fileError(file, 'wrong number of class names', `${classCount} non-empty lines`, `${names.length}`);
  return names;
}
