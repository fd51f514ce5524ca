import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, ResourceError, ValidationError } from './errors.js';
import { readInputFile, readTextFile } from './inputFile.js';
import { tempDir } from './testing/tempDir.js';

describe('readInputFile / readTextFile', () => {
  it('reads a file, dropping a UTF-8 byte order mark', async () => {
    const dir = tempDir('hqml-input-');
    writeFileSync(join(dir, 'a.txt'), '\uFEFFhello');
    expect(await readTextFile(join(dir, 'a.txt'), { what: 'test file' })).toBe('hello');
  });

  it('refuses folders, devices and pipes before reading (no hang)', async () => {
    const dir = tempDir('hqml-input-');
    await expect(readInputFile(dir, { what: 'problem file' })).rejects.toThrow(new RegExp(`The problem file ${dir} is a folder`));
    if (existsSync('/dev/zero')) await expect(readInputFile('/dev/zero', { what: 'problem file' })).rejects.toThrow(/\/dev\/zero is a device/);
    if (process.platform !== 'win32') {
      const fifo = join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      await expect(readInputFile(fifo, { what: 'config file' })).rejects.toThrow(ValidationError);
      await expect(readInputFile(fifo, { what: 'config file' })).rejects.toThrow(/is a pipe/);
    }
  });

  it('refuses files over the limit with the size and the limit', async () => {
    const dir = tempDir('hqml-input-');
    writeFileSync(join(dir, 'big'), new Uint8Array(3000));
    const err = await readInputFile(join(dir, 'big'), { what: 'config file', maxBytes: 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceError);
    expect((err as Error).message).toMatch(/is 2.93 KiB: config files are read whole and limited to 1.00 KiB/);
  });

  it('a missing file names the path; binary bytes are a DataError', async () => {
    const dir = tempDir('hqml-input-');
    await expect(readTextFile(join(dir, 'none.yaml'), { what: 'config file' })).rejects.toThrow(/Cannot read the config file .*none.yaml: it does not exist, or a folder on its path does not \(ENOENT\)/);
    writeFileSync(join(dir, 'bin'), Uint8Array.from([0xff, 0xfe, 0x00, 0xc3]));
    await expect(readTextFile(join(dir, 'bin'), { what: 'config file' })).rejects.toThrow(DataError);
    await expect(readTextFile(join(dir, 'bin'), { what: 'config file' })).rejects.toThrow(/is not UTF-8 text/);
  });
});

describe('checkNestingDepth', () => {
  it('refuses deep nesting before a parser recurses, ignoring brackets in strings and comments', async () => {
    const { checkNestingDepth } = await import('./nestingDepth.js');
    expect(() => checkNestingDepth(`a: ${'['.repeat(300)}${']'.repeat(300)}`, 'c.yaml')).toThrow(/c.yaml nests more than 256 levels deep \(line 1\)/);
    expect(() => checkNestingDepth(`a: "${'['.repeat(300)}"\nb: '${'{'.repeat(300)}' # ${'['.repeat(300)}\n`, 'c.yaml')).not.toThrow();
    expect(() => checkNestingDepth('{"a": [[1, 2], {"b": [3]}]}', 'c.json')).not.toThrow();
    const { parseConfigText } = await import('./config.js');
    expect(() => parseConfigText(`a: ${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'deep.yaml')).toThrow(ValidationError);
  });
});
