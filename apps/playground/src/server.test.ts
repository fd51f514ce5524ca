import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginRegistry, ValidationError } from '@hqml/core';
import { hqml as datasets } from '@hqml/datasets/plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MnistFeatureFile } from './mnistFeatures.js';
import { type PlaygroundServer, startPlayground, writePlayground } from './server.js';

// The data set is resolved by id in the registry the CLI would pass.
const registry = PluginRegistry.of(datasets);

describe('the playground server', () => {
  let server: PlaygroundServer;
  beforeAll(async () => {
    server = await startPlayground({ registry, port: 0, digits: [3, 5, 8], perClass: 20, testPerClass: 10, seed: 4 });
  });
  afterAll(() => server.close());

  it('serves the page, its ES module bundle and the MNIST features on localhost', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const html = await fetch(server.url);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toContain('<script type="module" src="app.js">');
    const app = await (await fetch(`${server.url}app.js`)).text();
    expect(app).toContain('hqmlPlayground');
    expect(app).not.toMatch(/from\s*["']node:|require\(["']node:/);
    const data = (await (await fetch(`${server.url}data/mnist.json`)).json()) as MnistFeatureFile;
    expect(data.digits).toEqual([3, 5, 8]);
    expect(data.train.y.length).toBe(60);
    expect(data.test.y.length).toBe(30);
    expect(data.train.x.length).toBe(60 * 4);
    // labels re-indexed 0..2, every feature an angle in [0, pi], the training range reaching both ends
    expect([...new Set(data.train.y)].sort()).toEqual([0, 1, 2]);
    expect(Math.min(...data.train.x)).toBe(0);
    expect(Math.max(...data.train.x)).toBeCloseTo(Math.PI, 5);
    expect(data.test.x.every((v) => v >= 0 && v <= Math.PI + 1e-6)).toBe(true);
    const ev = data.explainedVariance;
    expect(ev.length).toBe(4);
    expect([...ev].sort((a, b) => b - a)).toEqual(ev);
  });

  it('answers 404 for anything else and 405 for other methods', async () => {
    const missing = await fetch(`${server.url}secret.txt`);
    expect(missing.status).toBe(404);
    const post = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses bad options before building anything, saying how to fix them', async () => {
    await expect(startPlayground({ registry, port: 70000 })).rejects.toThrow(/port is 70000.*--port/s);
    await expect(startPlayground({ registry, port: 0, digits: [1] })).rejects.toThrow(ValidationError);
    await expect(startPlayground({ registry, port: 0, digits: [1, 1] })).rejects.toThrow(/2 to 4 distinct digits/);
    await expect(startPlayground({ registry, port: 0, perClass: 1 })).rejects.toThrow(/perClass is 1/);
    // the data set comes from the registry: one without it names what is registered
    await expect(startPlayground({ registry: new PluginRegistry(), port: 0 })).rejects.toThrow(/unknown dataset "mnist".*registered dataset ids: \(none\)/s);
  });

  it('writes the site as static files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hqml-playground-site-'));
    try {
      const files = await writePlayground(dir, { registry, perClass: 5, testPerClass: 5 });
      expect(files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['app.js', 'app.js.map', 'data/mnist.json', 'index.html', 'style.css']);
      expect(existsSync(join(dir, 'index.html'))).toBe(true);
      expect(JSON.parse(readFileSync(join(dir, 'data/mnist.json'), 'utf8')).train.y.length).toBe(10);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
