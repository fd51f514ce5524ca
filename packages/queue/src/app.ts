// The light entry point apps import statically (`@hqml/queue/app`): the app contract and the
// queue flags, without BullMQ and the Redis client, which load only when a run uses the queue.
export { defineSweepApp } from './sweepApp.js';
export type { SweepApp, SweepSession, SweepEnv, ArtefactNeed } from './sweepApp.js';
export { queueSettings, queueUrlOf, QUEUE_ENV } from './settings.js';
export type { QueueSettings } from './settings.js';
