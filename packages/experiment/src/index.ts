// Cells and their store
export { defineCell, checkUniqueCells, checkUniqueNames } from './cells.js';
export type { CellSpec } from './cells.js';
export { cellKey, canonicalJson } from './cellKey.js';
export { CellStore } from './cellStore.js';
export type { StoredCell, CellLookup } from './cellStore.js';

// Running
export { runCells, stderrSink } from './runner.js';
export type { RunCellsOptions, RunCellsResult, CellContext } from './runner.js';
export { ProgressDisplay, formatClock } from './progress.js';
export type { ProgressSink } from './progress.js';
export { checkWritableDir, RunLock } from './runDir.js';
export type { AppRunOptions } from './appRun.js';
export { waitForLock, processAlive } from './fileLock.js';
export type { WaitForLockOptions, LockRecord } from './fileLock.js';
export { ArtifactStore, defaultCacheRoot } from './artifactStore.js';
export type { ArtifactStatus, ObtainOptions } from './artifactStore.js';

// Data selection and seeds
export { splitSelectionSchema, dataSelectionShape, resolveExperimentData, selectedClasses, selectedShape, checkSelection, loadOptionsOf, loadSelection, dependsOnRunSeed } from './selection.js';
export type { SplitSelection, DataSelection, SelectionDefaults, SelectedData } from './selection.js';
export { parseSeeds } from './seeds.js';

// Reports
export { seedRuns } from './outcome.js';
export type { ClassificationOutcome } from './outcome.js';
