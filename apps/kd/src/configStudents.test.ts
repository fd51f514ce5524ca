import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClassicalModel, PluginRegistry, Rng } from '@hqml/core';
import { hqml as datasets } from '@hqml/datasets/plugin';
import { hqml as distill } from '@hqml/distill/plugin';
import { hqml as evalModule } from '@hqml/eval/plugin';
import { hqml as qnn } from '@hqml/qnn/plugin';
import { hqml as statevector } from '@hqml/statevector/plugin';
import { hqml as tfjsModels } from '@hqml/tfjs-models/plugin';
import { selectedClasses, selectedShape } from '@hqml/experiment';
import { describe, expect, it } from 'vitest';
import { composeKd, studentRef } from './compose.js';
import { loadKdConfig } from './config.js';

const configs = join(dirname(fileURLToPath(import.meta.url)), '..', 'configs');
const registry = PluginRegistry.of(statevector, qnn, datasets, distill, evalModule, tfjsModels);

/**
 * Every student a committed config names must build through the composition root and run a
 * forward pass, so that a config nobody has run end to end (paper-v2: 432 trainings) fails here
 * rather than hours into a run. PCA reducers need fitting data before a forward pass; they are
 * checked to build only.
 */
describe.each(['quick.yaml', 'seed-004-grid.yaml', 'paper-v2.yaml'])('students of %s', (file) => {
  it('build, report parameter counts, and give finite logits of the right shape', async () => {
    const config = await loadKdConfig(join(configs, file));
    const parts = await composeKd({ ...config, backend: { id: 'statevector', options: { threads: 1 } } }, registry);
    const seen = new Set<string>();
    try {
      for (const exp of config.experiments) {
        const dataset = parts.datasets.get(exp.dataset)!;
        const classes = selectedClasses(exp, dataset).length;
        const key = JSON.stringify([exp.dataset, exp.grayscale, classes, exp.student]);
        if (seen.has(key)) continue;
        seen.add(key);
        const ref = studentRef(exp.student);
        const student: ClassicalModel = await parts.model(ref.id, { ...ref.options, inputShape: selectedShape(exp, dataset), classes, seed: 0 });
        try {
          expect(student.parameterCount, exp.name).toBeGreaterThan(0);
          expect(student.outputSize, exp.name).toBe(classes);
          if ((exp.student as { reducer?: string }).reducer === 'pca') continue;
          const dim = student.inputShape.reduce((a, b) => a * b, 1);
          const rng = Rng.from(1);
          const x = Float32Array.from({ length: 2 * dim }, () => rng.float());
          const logits = await student.logits(x, 2);
          expect(logits.length, exp.name).toBe(2 * classes);
          expect(Array.from(logits).every(Number.isFinite), exp.name).toBe(true);
        } finally {
          student.dispose();
        }
      }
    } finally {
      await parts.composition.dispose();
    }
    expect(seen.size).toBeGreaterThan(0);
  });
});
