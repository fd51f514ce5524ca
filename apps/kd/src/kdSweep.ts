import { selectedClasses } from '@hqml/experiment';
import { type SweepApp, defineSweepApp } from '@hqml/queue/app';
import { initTfjsBackend } from '@hqml/tfjs-models';
import { checkKd, composeKd } from './compose.js';
import { parseKdConfig } from './config.js';
import { createKdCellRunner } from './kdCells.js';
import type { NetworkTeacherSpec } from './teacherCache.js';

/**
 * kd's half of a distributed run (`hqml kd --queue`): a worker validates the sweep's config,
 * composes it by plugin id as the local run does (checkKd, composeKd, the TF.js backend), and
 * runs cells with the same cell function; teachers are trained into the worker's shared store.
 */
export const kdSweepApp: SweepApp = {
  async open(raw, env) {
    const config = parseKdConfig(raw, 'the sweep\'s kd config');
    const checked = await checkKd(config, env.registry);
    const parts = await composeKd(config, env.registry, undefined, checked);
    try {
      await initTfjsBackend({ backend: config.tfjsBackend, ...(config.threads ? { threads: config.threads } : {}) });
    } catch (e) {
      await parts.composition.dispose();
      throw e;
    }
    const runner = createKdCellRunner(config, parts, { classesOf: (e) => selectedClasses(e, checked.datasets.get(e.dataset)!), teacherStore: env.store, checkpointDir: env.checkpointDir });
    return {
      run: (cell, ctx) => runner.run(cell as Parameters<typeof runner.run>[0], ctx),
      prepare: (artefact, log) => runner.prepareTeacher(artefact.spec as NetworkTeacherSpec, log),
      close: async () => {
        runner.release();
        await parts.composition.dispose();
      },
    };
  },
};

/** The `kd` app plugin: how `hqml worker` finds kd's cells. */
export const kdAppPlugin = defineSweepApp('kd', 'the knowledge-distillation app: runs its cells for hqml worker (hqml kd --queue)', kdSweepApp);
