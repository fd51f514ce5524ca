// The app contract
export { defineSweepApp } from './sweepApp.js';
export type { SweepApp, SweepSession, SweepEnv, ArtefactNeed } from './sweepApp.js';

// Coordinator
export { queueSettings, queueUrlOf, QUEUE_ENV } from './settings.js';
export type { QueueSettings } from './settings.js';
export { runCellsOnQueue, planJobIds } from './coordinator.js';
export type { QueueRunOptions, QueueRunResult, FailedCell } from './coordinator.js';
export { planSweep, sweepIdOf, cellJobId, artefactKey, DEFAULT_QUEUE_NAME } from './sweepPlan.js';
export type { SweepPlan, SweepJobs, SweepJobData, PlannedCell, PlannedGate, RetryPolicy } from './sweepPlan.js';
export { cellStates, countStates } from './cellStates.js';
export type { CellState, CellProgress } from './cellStates.js';
export { SweepProgress } from './sweepProgress.js';

// Workers and administration
export { startQueueWorker } from './worker.js';
export type { QueueWorker, QueueWorkerOptions } from './worker.js';
export { sweepStatus, cancelSweep } from './sweepAdmin.js';
export type { SweepSummary, QueueStatus } from './sweepAdmin.js';
export { SweepRecords } from './sweepRecords.js';
export type { SweepRecord, SweepState } from './sweepRecords.js';

// Redis
export { parseQueueUrl, redactUrl, redactor } from './redisUrl.js';
export type { QueueUrl } from './redisUrl.js';
export { checkRedis, openRedis, redisOptions } from './connection.js';
export type { RedisInfo, ConnectionRole } from './connection.js';

// CLI
export { workerCommand, sweepCommand } from './commands.js';
export { hqml } from './plugin.js';
