import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProblem } from '../bin/buildState.js';
import { describeModule } from './describeModule.js';
import { findPluginPackages, importHqmlModule, readManifest } from './discovery.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin');
// The launcher uses the build (and so the manifests) exactly when there is no build problem.
const problem = buildProblem(bin);

describe('the manifests of the installed plugin packages', () => {
  it.skipIf(problem !== undefined)(`are what their code declares, whenever the launcher uses them${problem ? ` (skipped: ${problem.summary})` : ''}`, async () => {
    const pkgs = (await findPluginPackages(bin)).filter((p) => p.dir !== undefined);
    expect(pkgs.map((p) => p.name)).toEqual(expect.arrayContaining(['@hqml/statevector', '@hqml/kd']));
    for (const p of pkgs) {
      const read = await readManifest(p);
      expect(read, p.name).toHaveProperty('manifest');
      // The test imports the sources (the `@hqml/source` condition): the manifest must match them.
      expect((read as { manifest: unknown }).manifest, p.name).toEqual(describeModule(await importHqmlModule(p.specifier), p));
    }
  }, 300_000);
});
