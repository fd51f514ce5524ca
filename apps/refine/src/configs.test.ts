import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PluginRegistry } from '@hqml/core';
import { hqml as anneal } from '@hqml/anneal/plugin';
import { hqml as datasets } from '@hqml/datasets/plugin';
import { hqml as evalModule } from '@hqml/eval/plugin';
import { hqml as mitigation } from '@hqml/mitigation/plugin';
import { hqml as qaoa } from '@hqml/qaoa/plugin';
import { hqml as statevector } from '@hqml/statevector/plugin';
import { hqml as tfjsModels } from '@hqml/tfjs-models/plugin';
import { describe, expect, it } from 'vitest';
import { checkRefine } from './compose.js';
import { loadRefineConfig } from './config.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'configs');
const registry = PluginRegistry.of(datasets, tfjsModels, evalModule, anneal, qaoa, statevector, mitigation);

describe('the shipped configs', () => {
  it('parse and pass the checks against the registry (ids, options, capabilities, classes)', async () => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual(['cifar10.yaml', 'mnist.yaml', 'quick.yaml']);
    for (const f of files) {
      const cfg = await loadRefineConfig(join(dir, f));
      const checked = await checkRefine(cfg, registry);
      expect(checked.plans.size, f).toBe(cfg.refiners.length);
    }
  });
});
