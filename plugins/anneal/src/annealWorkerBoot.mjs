// Boots the TypeScript worker in workspace (source) mode: Node 20 does not apply `--import tsx`
// to worker threads, so the worker registers tsx itself before importing annealWorker.ts.
// Built packages start dist/annealWorker.js directly and never load this file.
const { register } = await import('tsx/esm/api');
register();
await import('./annealWorker.ts');
