import { type SweepApp, defineSweepApp } from '@hqml/queue/app';
import { composeAnneal } from './compose.js';
import { parseAnnealConfig } from './config.js';
import { type AnnealCellSpec, createAnnealCellRunner } from './runAnneal.js';
import type { CellSpec } from '@hqml/experiment';

/**
 * anneal-classify's half of a distributed run (`hqml anneal-classify --queue`): a worker
 * validates the sweep's config, composes it by plugin id as the local run does, and runs cells
 * with the same cell function.
 */
export const annealSweepApp: SweepApp = {
  async open(raw, env) {
    const cfg = parseAnnealConfig(raw, 'the sweep\'s anneal-classify config');
    const parts = await composeAnneal(cfg, env.registry);
    const runner = createAnnealCellRunner(cfg, parts, { log: env.log, progress: false });
    return {
      run: (cell) => runner.run(cell as CellSpec<AnnealCellSpec>),
      close: async () => {
        await parts.composition.dispose();
      },
    };
  },
};

/** The `anneal-classify` app plugin: how `hqml worker` finds this app's cells. */
export const annealAppPlugin = defineSweepApp('anneal-classify', 'the annealer-classifier app: runs its cells for hqml worker (hqml anneal-classify --queue)', annealSweepApp);
