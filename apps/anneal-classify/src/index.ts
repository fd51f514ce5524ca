export { annealConfigSchema, loadAnnealConfig, parseAnnealConfig, configName } from './config.js';
export type { AnnealConfig, ExperimentConfig } from './config.js';
export { runAnneal, planAnnealCells, ANNEAL_SELECTION_DEFAULTS } from './runAnneal.js';
export type { RunAnnealOptions, AnnealResult, AnnealRow, AnnealOutcome, AnnealCellSpec } from './runAnneal.js';
export { composeAnneal, checkAnneal, annealRefs, classifierRef } from './compose.js';
export type { AnnealParts, CheckedAnneal } from './compose.js';
export { annealClassifyCommand, formatAnnealTable } from './annealCommand.js';
export { scheduleHeatmaps, scatterPlot } from './plots.js';
export { hqml } from './plugin.js';
