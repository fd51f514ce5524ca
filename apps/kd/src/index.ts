// Configuration
export { kdConfigSchema, experimentSchema, studentSchema, trainingSchema, teacherSchema, memberTeacherSchema, teacherTrainingSchema, loadKdConfig, parseKdConfig, configName, teacherName } from './config.js';
export type { KdConfig, ExperimentConfig, StudentConfig, TeacherConfig, MemberTeacherConfig, TrainingConfig, TeacherTrainingConfig } from './config.js';

// Running
export { runKd, planCells } from './runKd.js';
export type { RunKdOptions, KdRunResult, ExperimentReport } from './runKd.js';
export { obtainTeacher, teacherDir, teacherSpecOf, defaultCacheRoot } from './teacherCache.js';
export type { TeacherSpec, NetworkTeacherSpec, EnsembleTeacherSpec, TeacherRecord, ObtainTeacherOptions } from './teacherCache.js';
export { loadTrainSplits, loadTestSplit, loadTeacherSplits } from './data.js';
export type { ExperimentData } from './data.js';
export { readCell, writeCell, cellKey, cellFile } from './cellStore.js';
export type { CellResult } from './cellStore.js';
export { ProgressDisplay } from './progress.js';
export type { ProgressSink } from './progress.js';
export { kdTable, formatTable, renderSummary } from './table.js';
export type { KdTableRow } from './table.js';

// CLI
export { kdCommand } from './kdCommand.js';
export { hqml } from './plugin.js';
