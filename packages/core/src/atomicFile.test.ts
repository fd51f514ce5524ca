import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomicFile.js';
import { ResourceError, ValidationError } from './errors.js';
import { explainError, fileSystemError } from './fileSystemError.js';
import { tempDir } from './testing/tempDir.js';

describe('writeFileAtomic', () => {
  it('writes, replaces, and leaves no temporary file', async () => {
    const dir = tempDir('hqml-atomic-');
    const file = join(dir, 'sub', 'out.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['out.json']);
  });

  it('a path under a file (ENOTDIR) is a ValidationError naming the path', async () => {
    const dir = tempDir('hqml-atomic-');
    writeFileSync(join(dir, 'plain'), 'x');
    const target = join(dir, 'plain', 'run', 'out.json');
    const err = await writeFileAtomic(target, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toBe(`Cannot create the folder of ${target} (at ${join(dir, 'plain', 'run')}): a part of the path is a file, not a folder (ENOTDIR). Choose a path whose parents are folders.`);
  });

  it('a folder in the way (EISDIR) is named, and the temporary file is removed', async () => {
    const dir = tempDir('hqml-atomic-');
    mkdirSync(join(dir, 'out.json'));
    mkdirSync(join(dir, 'out.json', 'inner'));
    await expect(writeFileAtomic(join(dir, 'out.json'), 'x')).rejects.toThrow(/Cannot write .*out.json: .*\((EISDIR|ENOTEMPTY|EEXIST|ENOTDIR)\)|Cannot write .*out.json/);
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it.skipIf(process.platform !== 'linux' || !existsSync('/sys/kernel'))('an unwritable system folder (EPERM/EACCES) is named', async () => {
    await expect(writeFileAtomic('/sys/hqml-no-such/out.json', 'x')).rejects.toThrow(/Cannot create the folder of \/sys\/hqml-no-such\/out.json \(at \/sys\/hqml-no-such\): .*\((EPERM|EACCES|EROFS)\)/);
    await expect(writeFileAtomic('/sys/kernel/hqml-out.json', 'x')).rejects.toThrow(/Cannot write \/sys\/kernel\/hqml-out.json: .*\((EACCES|EPERM|EROFS)\)/);
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk (ENOSPC, from /dev/full) is a ResourceError naming the path', () => {
    let raw: unknown;
    try {
      writeFileSync('/dev/full', 'x');
    } catch (e) {
      raw = e;
    }
    const err = fileSystemError(raw, 'write', '/data/out.json');
    expect(err).toBeInstanceOf(ResourceError);
    expect((err as Error).message).toBe('Cannot write /data/out.json: no space is left on the device (ENOSPC). Free disk space or choose another disk.');
    expect(explainError(raw)).toBeInstanceOf(ResourceError);
  });

  it('passes other errors through', () => {
    const e = new TypeError('x');
    expect(fileSystemError(e, 'write', 'f')).toBe(e);
    expect(explainError(e)).toBeUndefined();
  });
});
