import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { createContainer, DataError, inject, PluginRegistry, Tokens } from '@hqml/core';
import { describe, expect, it } from 'vitest';
import { hqml } from './plugin.js';
import { registerDatasets } from './register.js';
import { tempDir, writeTinyIdxDataset } from './testing/fixtures.js';

async function runCli(args: string[]): Promise<{ lines: string[]; error?: unknown }> {
  const lines: string[] = [];
  const program = new Command().exitOverride();
  for (const c of hqml.commands ?? []) c.register(program, { registry: PluginRegistry.of(hqml), print: (l) => lines.push(l) });
  try {
    await program.parseAsync(args, { from: 'user' });
    return { lines };
  } catch (error) {
    return { lines, error };
  }
}

describe('hqml datasets', () => {
  it('list --json names every data set and where MNIST was found', async () => {
    const { lines } = await runCli(['datasets', 'list', '--json']);
    const out = JSON.parse(lines.join('')) as { datasets: { id: string; found: boolean; source: string | null }[] };
    expect(out.datasets.map((d) => d.id)).toEqual(['mnist', 'fashion-mnist', 'cifar10']);
    expect(out.datasets[0]?.found).toBe(true);
  });

  it('info --json --data-dir reports the folder, sizes and class counts', async () => {
    const dir = join(tempDir(), 'mnist');
    writeTinyIdxDataset(dir, { train: 30, test: 20 });
    const { lines } = await runCli(['datasets', 'info', 'mnist', '--json', '--data-dir', dir]);
    const info = JSON.parse(lines.join(''));
    expect(info.source).toBe('data-dir');
    expect(info.dir).toBe(dir);
    expect(info.train).toEqual({ size: 30, classCounts: new Array(10).fill(3) });
    expect(info.test.size).toBe(20);
    expect(info.files).toHaveLength(4);
  });

  it('verify --json reports content digests; the real MNIST matches the official release', async () => {
    const { lines, error } = await runCli(['datasets', 'verify', 'mnist', '--json']);
    expect(error).toBeUndefined();
    const report = JSON.parse(lines.join(''));
    expect(report.matchesOfficial).toBe(true);
    expect(report.files.map((f: { status: string }) => f.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('verify fails with a DataError on synthetic files that parse but differ, and on a broken file', async () => {
    const dir = join(tempDir(), 'mnist');
    writeTinyIdxDataset(dir);
    const differs = await runCli(['datasets', 'verify', 'mnist', '--json', '--data-dir', dir]);
    expect(differs.error).toBeInstanceOf(DataError);
    expect(JSON.parse(differs.lines.join('')).files[0].status).toBe('differs');
    writeFileSync(join(dir, 't10k-images-idx3-ubyte'), new Uint8Array(10));
    const broken = await runCli(['datasets', 'verify', 'mnist', '--data-dir', dir]);
    expect(broken.error).toBeInstanceOf(DataError);
    expect(String(broken.error)).toContain(join(dir, 't10k-images-idx3-ubyte'));
  });

  it('info lists the places searched, starting with --data-dir', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'empty'));
    const { lines } = await runCli(['datasets', 'info', 'cifar10', '--json', '--data-dir', join(root, 'empty')]);
    const info = JSON.parse(lines.join(''));
    expect(info.searched[0]).toEqual({ source: 'data-dir', dir: join(root, 'empty'), found: false });
  });
});

describe('composition', () => {
  it('registerDatasets provides the Dataset token; plugins validate options', async () => {
    const c = createContainer();
    registerDatasets(c, { id: 'mnist', download: false });
    expect(inject(c, Tokens.Dataset).id).toBe('mnist');
    expect(() => registerDatasets(createContainer(), { id: 'mnist-x' })).toThrow(/mnist-x.*cifar10, fashion-mnist, mnist/);
    const plugin = hqml.plugins?.find((p) => p.id === 'cifar10');
    await expect(plugin?.register(createContainer(), { download: 'no' })).rejects.toThrow(/Invalid options for plugin "cifar10"/);
    const c2 = createContainer();
    await plugin?.register(c2, { download: false });
    expect(inject(c2, Tokens.Dataset).sampleShape).toEqual([32, 32, 3]);
  });

  it('the doctor check reports one finding per data set', async () => {
    const findings = await (hqml.doctor?.[0]?.run() ?? Promise.resolve([]));
    expect(findings.map((f) => f.check)).toEqual(['dataset mnist', 'dataset fashion-mnist', 'dataset cifar10']);
    expect(findings[0]?.status).toBe('ok');
  });
});
