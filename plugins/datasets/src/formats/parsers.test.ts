import { gzipSync } from 'node:zlib';
import { DataError } from '@hqml/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idxBytes } from '../testing/fixtures.js';
import { parseCifarBatch, parseCifarMeta } from './cifar.js';
import { decompressIfGzip } from './gzip.js';
import { parseIdx } from './idx.js';

/** Runs `fn` and returns the DataError it throws (fails the test when it throws anything else or nothing). */
async function dataError(fn: () => unknown): Promise<DataError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DataError);
    return err as DataError;
  }
  throw new Error('expected a DataError, got a result');
}

const F = '/data/train-images-idx3-ubyte';

describe('IDX parser: broken-file corpus', () => {
  const good = idxBytes([3, 2, 2], Uint8Array.from({ length: 12 }, (_, i) => i));

  it('parses a valid file without copying its body', () => {
    const a = parseIdx(good, F, 3);
    expect(a.dims).toEqual([3, 2, 2]);
    expect(Array.from(a.data)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(a.data.buffer).toBe(good.buffer);
  });

  const corpus: [string, Uint8Array, number, RegExp][] = [
    ['empty file', new Uint8Array(0), 3, /empty.*expected an IDX file starting with magic number 0x00000803, found 0 bytes/],
    ['header shorter than the magic number', Uint8Array.of(0, 0, 8), 3, /truncated IDX header.*expected at least 4 bytes.*found 3 bytes/],
    ['wrong magic (not IDX at all)', Uint8Array.of(0x50, 0x4b, 3, 4, 0, 0, 0, 0), 3, /not an IDX file.*expected 0x00000803.*found 0x504b0304/],
    ['wrong element type (float)', idxBytes([1, 1, 1], Uint8Array.of(0)).map((b, i) => (i === 2 ? 0x0d : b)), 3, /element type.*expected 0x00000803.*found 0x00000d03/],
    ['labels file where images are expected', idxBytes([4], Uint8Array.of(1, 2, 3, 4)), 3, /number of dimensions.*expected 0x00000803.*found 0x00000801/],
    ['header cut inside the dimensions', good.subarray(0, 10), 3, /truncated IDX header.*expected 16 bytes.*found 10 bytes/],
    ['body cut short', good.subarray(0, good.length - 1), 3, /truncated IDX body.*expected 12 bytes for dimensions 3 x 2 x 2, found 11 bytes/],
    ['body longer than the header says', Uint8Array.from([...good, 0]), 3, /longer than its header.*expected 12 bytes.*found 13 bytes/],
  ];
  for (const [name, bytes, ndim, message] of corpus) {
    it(`rejects: ${name}`, async () => {
      const e = await dataError(() => parseIdx(bytes, F, ndim));
      expect(e.message).toContain(F);
      expect(e.message).toMatch(message);
    });
  }
});

describe('CIFAR-10 parser: broken-file corpus', () => {
  const file = '/data/data_batch_1.bin';
  it('rejects an empty file', async () => {
    expect((await dataError(() => parseCifarBatch(new Uint8Array(0), file, 10))).message).toMatch(/data_batch_1.bin: the file is empty.*multiple of 3,073 bytes.*found 0 bytes/);
  });
  it('rejects a size that is not a multiple of 3,073', async () => {
    const e = await dataError(() => parseCifarBatch(new Uint8Array(3073 * 2 + 100), file, 10));
    expect(e.message).toMatch(/not a whole number of records.*multiple of 3,073 bytes.*found 6,246 bytes \(2 records and 100 bytes left over\)/);
  });
  it('rejects a label out of range, naming the record', async () => {
    const b = new Uint8Array(3073 * 3);
    b[3073 * 2] = 10;
    expect((await dataError(() => parseCifarBatch(b, file, 10))).message).toMatch(/label out of range in record 2.*expected a label in 0..9, found 10/);
  });
  it('reads labels from the first byte of each record', () => {
    const b = new Uint8Array(3073 * 3);
    b[0] = 4;
    b[3073] = 9;
    b[6146] = 0;
    expect(Array.from(parseCifarBatch(b, file, 10).labels)).toEqual([4, 9, 0]);
  });
  it('parses batches.meta.txt and rejects a wrong number of names', async () => {
    expect(parseCifarMeta('a\nb\n\n', 'meta', 2)).toEqual(['a', 'b']);
    expect((await dataError(() => parseCifarMeta('a\nb\nc\n', '/d/batches.meta.txt', 10))).message).toMatch(/batches.meta.txt: wrong number of class names.*expected 10.*found 3/);
  });
});

describe('gzip layer: broken-file corpus', () => {
  const body = idxBytes([2], Uint8Array.of(1, 2));
  it('inflates .gz and passes raw files through untouched', async () => {
    expect(Array.from(await decompressIfGzip(gzipSync(body), 'x.gz'))).toEqual(Array.from(body));
    expect(await decompressIfGzip(body, 'x')).toBe(body);
  });
  it('rejects a gzip stream that does not inflate (corrupt deflate data)', async () => {
    const gz = gzipSync(new Uint8Array(5000).fill(7));
    gz.fill(0xff, 12, 40);
    const e = await dataError(() => decompressIfGzip(gz, '/d/t10k-labels-idx1-ubyte.gz'));
    expect(e.message).toMatch(/t10k-labels-idx1-ubyte.gz: the gzip stream does not inflate.*expected a complete, valid gzip stream, found zlib error/);
  });
  it('rejects a truncated gzip stream', async () => {
    const gz = gzipSync(new Uint8Array(5000).map((_, i) => (i * 31) % 251));
    const e = await dataError(() => decompressIfGzip(gz.subarray(0, gz.length - 30), 'a.gz'));
    expect(e.message).toMatch(/a.gz: the gzip stream does not inflate/);
  });
  it('rejects a .gz name without gzip magic, and an empty file', async () => {
    expect((await dataError(() => decompressIfGzip(body, 'b.gz'))).message).toMatch(/b.gz: not a gzip file.*expected the gzip magic bytes 1f 8b, found 00 00/);
    expect((await dataError(() => decompressIfGzip(new Uint8Array(0), 'c.gz'))).message).toMatch(/c.gz: the file is empty/);
  });
});

describe('parsers under fuzzing (fast-check)', () => {
  it('IDX: any byte string either parses consistently or throws a DataError naming the file', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 3 }), (bytes, ndim) => {
        try {
          const a = parseIdx(bytes, 'fuzz.idx', ndim);
          expect(a.dims.length).toBe(ndim);
          expect(a.data.length).toBe(a.dims.reduce((x, y) => x * y, 1));
          expect(a.data.length + 4 + 4 * ndim).toBe(bytes.length);
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
          expect((err as DataError).message).toMatch(/^fuzz\.idx: .*expected .*found /);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('IDX: valid headers with mutated bytes or lengths are handled (never a RangeError or a partial array)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }), fc.integer({ min: -6, max: 6 }), fc.nat(), fc.nat(255), (dims, lengthDelta, at, value) => {
        const size = dims.reduce((x, y) => x * y, 1);
        const good = idxBytes(dims, new Uint8Array(size).fill(9));
        const mutated = new Uint8Array(Math.max(0, good.length + lengthDelta));
        mutated.set(good.subarray(0, mutated.length));
        if (mutated.length > 0) mutated[at % mutated.length] = value;
        try {
          const a = parseIdx(mutated, 'm.idx', dims.length);
          expect(a.data.length).toBe(a.dims.reduce((x, y) => x * y, 1));
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('IDX: round-trips any valid file', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }), (dims) => {
        const size = dims.reduce((x, y) => x * y, 1);
        const body = Uint8Array.from({ length: size }, (_, i) => (i * 13) % 256);
        const a = parseIdx(idxBytes(dims, body), 'r.idx', dims.length);
        expect(a.dims).toEqual(dims);
        expect(Array.from(a.data)).toEqual(Array.from(body));
      }),
    );
  });

  it('CIFAR: any byte string either parses into size/3073 records or throws a DataError naming the file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 * 3073 + 10 }), fc.nat(), fc.nat(255), (len, at, label) => {
        const b = new Uint8Array(len);
        if (len > 0) b[Math.floor((at % len) / 3073) * 3073] = label;
        try {
          const batch = parseCifarBatch(b, 'f.bin', 10);
          expect(batch.count * 3073).toBe(len);
          expect(batch.labels.every((l) => l < 10)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
          expect((err as DataError).message).toMatch(/^f\.bin: .*expected .*found /);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('gzip: random and corrupted streams inflate or throw a DataError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), fc.nat(255), fc.boolean(), async (payload, at, value, corrupt) => {
        const gz = gzipSync(payload);
        if (corrupt) gz[10 + (at % (gz.length - 10))] = value;
        try {
          const out = await decompressIfGzip(gz, 'z.gz');
          if (!corrupt) expect(Array.from(out)).toEqual(Array.from(payload));
        } catch (err) {
          expect(err).toBeInstanceOf(DataError);
          expect((err as DataError).message).toMatch(/^z\.gz: /);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gzip: a bomb stops at the limit with a DataError (bounded memory)', async () => {
    // 64 MiB of zeros compress to ~64 KiB; with a 1 MiB limit inflating stops early
    const bomb = gzipSync(new Uint8Array(64 * 2 ** 20), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const err = await decompressIfGzip(bomb, 'bomb.gz', 2 ** 20).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/^bomb.gz: the gzip stream inflates to more than the limit: expected at most 1,048,576 bytes of content/);
    expect((await decompressIfGzip(gzipSync(new Uint8Array(100)), 'ok.gz', 100)).length).toBe(100);
  });
});
