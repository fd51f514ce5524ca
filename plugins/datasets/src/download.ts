import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import { DataError, writeFileAtomic } from '@hqml/core';
import { CIFAR_TRAIN_BATCHES, type CifarDatasetSpec, type IdxDatasetSpec, type IdxFileSpec } from './catalog.js';
import { bytes } from './formats/dataError.js';
import { decompressIfGzip } from './formats/gzip.js';

/** sha256 of bytes, hex. */
export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** sha256 of a file, streamed, hex. */
export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(file), h);
  return h.digest('hex');
}

/** How long to wait for the response headers of a download. */
const CONNECT_TIMEOUT_MS = 30_000;

function tempName(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.part`);
}

/**
 * Downloads `url` to `file` (a temporary name), hashing on the way. Throws on HTTP errors,
 * timeouts and connections that end early (a body shorter than its Content-Length).
 */
async function downloadTo(url: string, file: string, timeoutMs: number): Promise<{ sha256: string; bytes: number }> {
  // A server that never answers should fail fast (offline machines behind a dropping firewall);
  // a slow but flowing download gets the whole `timeoutMs`.
  const connect = new AbortController();
  const timer = setTimeout(() => connect.abort(new Error(`no response within ${CONNECT_TIMEOUT_MS / 1000} s`)), Math.min(CONNECT_TIMEOUT_MS, timeoutMs));
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.any([connect.signal, AbortSignal.timeout(timeoutMs)]) });
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  const hash = createHash('sha256');
  let n = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      n += chunk.length;
      cb(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(res.body as WebReadableStream), tap, createWriteStream(file));
  const expected = Number(res.headers.get('content-length'));
  if (Number.isFinite(expected) && expected > 0 && expected !== n) throw new Error(`connection ended after ${bytes(n)} of ${bytes(expected)}`);
  return { sha256: hash.digest('hex'), bytes: n };
}

function message(err: unknown): string {
  if (err instanceof Error) return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
  return String(err);
}

/**
 * Downloads one IDX file (`${name}.gz` from the first mirror that works) into `dir` as the raw
 * IDX file. The download goes to a temporary name; its decompressed content must match the
 * catalog's sha256 before it is written (again to a temporary name) and renamed into place, so
 * an interrupted or corrupt download never becomes a cached file.
 */
export async function downloadIdxFile(file: IdxFileSpec, mirrors: readonly string[], dir: string, timeoutMs: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, file.name);
  const failures: string[] = [];
  for (const mirror of mirrors) {
    const url = `${mirror.endsWith('/') ? mirror : `${mirror}/`}${file.name}.gz`;
    const part = tempName(`${target}.gz`);
    try {
      await downloadTo(url, part, timeoutMs);
      const content = await decompressIfGzip(new Uint8Array(await readFile(part)), `${url} (downloaded)`);
      const digest = sha256(content);
      if (digest !== file.sha256) {
        failures.push(`${url}: checksum mismatch: expected sha256 ${file.sha256} of the decompressed content, found ${digest} (${bytes(content.length)})`);
        continue;
      }
      await writeFileAtomic(target, content);
      return target;
    } catch (err) {
      failures.push(`${url}: ${message(err)}`);
    } finally {
      await rm(part, { force: true });
    }
  }
  throw new DataError({
    what: `Could not download ${file.name}`,
    why: failures.join('; '),
    fix: 'Check the network connection, or provide the file yourself (see the list of places above)',
  });
}

/** Downloads every IDX file of a data set into `dir` (the cache). */
export async function downloadIdxDataset(spec: IdxDatasetSpec, dir: string, mirrors: readonly string[] | undefined, timeoutMs: number): Promise<void> {
  for (const f of Object.values(spec.files)) await downloadIdxFile(f, mirrors ?? spec.mirrors, dir, timeoutMs);
}

/**
 * Reads the regular files of an (uncompressed) tar archive: ustar headers of 512 bytes, each
 * followed by the file body padded to 512 bytes. `onFile` gets the path, offset and size.
 */
async function forEachTarEntry(tarFile: string, onFile: (name: string, offset: number, size: number) => Promise<void>): Promise<void> {
  const fh = await open(tarFile, 'r');
  try {
    const header = Buffer.alloc(512);
    let pos = 0;
    for (;;) {
      const { bytesRead } = await fh.read(header, 0, 512, pos);
      if (bytesRead < 512 || header.every((b) => b === 0)) return;
      const text = (from: number, len: number): string => header.subarray(from, from + len).toString('latin1').replace(/\0.*$/s, '');
      const prefix = text(345, 155);
      const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
      const size = parseInt(text(124, 12).trim() || '0', 8);
      const type = text(156, 1);
      if (!Number.isFinite(size)) throw new Error(`bad tar header at byte ${pos}`);
      if (type === '0' || type === '') await onFile(name, pos + 512, size);
      pos += 512 + Math.ceil(size / 512) * 512;
    }
  } finally {
    await fh.close();
  }
}

/**
 * Downloads the official CIFAR-10 binary archive, checks its sha256, and extracts the batches
 * into `dir`, each checked against its own sha256 and renamed into place. `test_batch.bin` is
 * renamed last: a folder without it is not a complete copy, so an interrupted extraction is
 * never found by the lookup.
 */
export async function downloadCifar(spec: CifarDatasetSpec, dir: string, mirrors: readonly string[] | undefined, timeoutMs: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const urls = mirrors ?? [spec.archive.url];
  const failures: string[] = [];
  for (const url of urls) {
    const part = tempName(join(dir, 'cifar-10-binary.tar.gz'));
    const tar = tempName(join(dir, 'cifar-10-binary.tar'));
    const extracted: string[] = [];
    try {
      const got = await downloadTo(url, part, timeoutMs);
      if (got.sha256 !== spec.archive.sha256) {
        failures.push(`${url}: checksum mismatch: expected sha256 ${spec.archive.sha256}, found ${got.sha256} (${bytes(got.bytes)})`);
        continue;
      }
      await pipeline(createReadStream(part), createGunzip(), createWriteStream(tar));
      const staged = new Map<string, string>();
      await forEachTarEntry(tar, async (name, offset, size) => {
        const base = name.split('/').pop() ?? '';
        if (!(base in spec.batchSha256) && base !== 'batches.meta.txt') return;
        const tmp = tempName(join(dir, base));
        extracted.push(tmp);
        const hash = createHash('sha256');
        await pipeline(createReadStream(tar, { start: offset, end: offset + size - 1 }), new Transform({ transform(c: Buffer, _e, cb) { hash.update(c); cb(null, c); } }), createWriteStream(tmp));
        const expected = spec.batchSha256[base];
        const digest = hash.digest('hex');
        if (expected !== undefined && digest !== expected) throw new Error(`${base} in the archive: expected sha256 ${expected}, found ${digest}`);
        staged.set(base, tmp);
      });
      const order = [...CIFAR_TRAIN_BATCHES, 'batches.meta.txt', 'test_batch.bin'];
      if (!staged.has('test_batch.bin') || !staged.has('data_batch_1.bin')) throw new Error('the archive lacks test_batch.bin or data_batch_1.bin');
      for (const name of order) {
        const tmp = staged.get(name);
        if (tmp) await rename(tmp, join(dir, name));
      }
      return;
    } catch (err) {
      failures.push(`${url}: ${message(err)}`);
    } finally {
      await rm(part, { force: true });
      await rm(tar, { force: true });
      for (const t of extracted) await rm(t, { force: true });
    }
  }
  throw new DataError({ what: 'Could not download CIFAR-10', why: failures.join('; '), fix: 'Check the network connection, or provide the files yourself (see the list of places above)' });
}
