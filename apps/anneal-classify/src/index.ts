export { annealConfigSchema, loadAnnealConfig, parseAnnealConfig, configName } from './config.js';
export type { AnnealConfig, ExperimentConfig } from './config.js';
export { runAnneal } from './runAnneal.js';
export type { RunAnnealOptions, AnnealResult, AnnealRow } from './runAnneal.js';
export { annealClassifyCommand, formatAnnealTable } from './annealCommand.js';
export { scheduleHeatmaps, scatterPlot } from './plots.js';
export { hqml } from './plugin.js';
