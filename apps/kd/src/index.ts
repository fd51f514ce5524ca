// Configuration
export { kdConfigSchema, experimentSchema, studentSchema, trainingSchema, teacherSchema, memberTeacherSchema, teacherTrainingSchema, loadKdConfig, parseKdConfig, configName, teacherName } from './config.js';
export type { KdConfig, ExperimentConfig, StudentConfig, TeacherConfig, MemberTeacherConfig, TrainingConfig, TeacherTrainingConfig } from './config.js';

// Composition root
export { composeKd, checkKd, kdRefs, studentRef } from './compose.js';
export type { KdParts, CheckedKd } from './compose.js';

// Running
export { runKd, planCells, kdSelectionDefaults } from './runKd.js';
export type { RunKdOptions, KdRunResult, ExperimentReport, KdCellSpec } from './runKd.js';
export { createKdCellRunner, kdCellWork, kdTeacherNeeds } from './kdCells.js';
export type { KdCellRunner, KdCellEnv } from './kdCells.js';
export { kdSweepApp, kdAppPlugin } from './kdSweep.js';
export { obtainTeacher, teacherDir, teacherSpecOf } from './teacherCache.js';
export type { TeacherSpec, NetworkTeacherSpec, EnsembleTeacherSpec, TeacherRecord, TeacherServices } from './teacherCache.js';
export { kdTable, formatTable, renderSummary } from './table.js';
export type { KdTableRow } from './table.js';

// CLI
export { kdCommand } from './kdCommand.js';
export { hqml } from './plugin.js';
