import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@hqml/core';
import { StatevectorBackend } from '@hqml/statevector';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKdConfig } from './config.js';
import { buildStudentFor } from './runKd.js';

const configs = join(dirname(fileURLToPath(import.meta.url)), '..', 'configs');
const backend = new StatevectorBackend({ threads: 1 });
afterAll(() => backend.dispose());

/**
 * Every student a committed config names must build and run a forward pass, so that a config
 * nobody has run end to end (paper-v2: 432 trainings) fails here rather than hours into a run.
 * PCA reducers need fitting data before a forward pass; they are checked to build only.
 */
describe.each(['quick.yaml', 'seed-004-grid.yaml', 'paper-v2.yaml'])('students of %s', (file) => {
  it('build, report parameter counts, and give finite logits of the right shape', async () => {
    const config = await loadKdConfig(join(configs, file));
    const seen = new Set<string>();
    for (const exp of config.experiments) {
      const key = JSON.stringify([exp.dataset, exp.grayscale, exp.classes.length, exp.student]);
      if (seen.has(key)) continue;
      seen.add(key);
      const student = await buildStudentFor(exp, 0, backend);
      try {
        expect(student.parameterCount, exp.name).toBeGreaterThan(0);
        expect(student.outputSize, exp.name).toBe(exp.classes.length);
        if ((exp.student as { reducer?: string }).reducer === 'pca') continue;
        const dim = student.inputShape.reduce((a, b) => a * b, 1);
        const rng = Rng.from(1);
        const x = Float32Array.from({ length: 2 * dim }, () => rng.float());
        const logits = await student.logits(x, 2);
        expect(logits.length, exp.name).toBe(2 * exp.classes.length);
        expect(Array.from(logits).every(Number.isFinite), exp.name).toBe(true);
      } finally {
        student.dispose();
      }
    }
    expect(seen.size).toBeGreaterThan(0);
  });
});
