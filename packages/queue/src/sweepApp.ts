import { type HqmlPlugin, type PluginRegistry, definePlugin } from '@hqml/core';
import type { ArtifactStore, CellContext, CellSpec } from '@hqml/experiment';

/**
 * A large artefact that cells need and that is built once for every worker (a trained teacher):
 * its key (the hash of its spec; the job id and the store entry derive from it), a label for
 * people, and the spec the app builds it from.
 */
export interface ArtefactNeed {
  readonly key: string;
  readonly label: string;
  readonly spec: unknown;
}

/** What a worker gives an app's session. */
export interface SweepEnv {
  /** Every plugin the worker found (the config's parts are resolved by id through it). */
  readonly registry: PluginRegistry;
  /** The shared content-addressed store (teachers are built into it once and loaded by every worker). */
  readonly store: ArtifactStore;
  /** Where a cell keeps its per-epoch checkpoint (in the shared store, so a retry on another worker resumes it). */
  readonly checkpointDir: (cell: CellSpec) => string;
  /** Status lines. */
  readonly log: (line: string) => void;
}

/**
 * One worker process's view of one sweep: the app's config composed once (parts by plugin id,
 * TF.js initialised), then any number of its cells run exactly as the local runner runs them.
 */
export interface SweepSession {
  /** Runs one cell and returns what the run directory stores for it (plain JSON). */
  run(cell: CellSpec, context: CellContext): Promise<unknown>;
  /** Builds one artefact into the shared store (a no-op when it is there and intact). */
  prepare?(artefact: ArtefactNeed, log: (line: string) => void): Promise<void>;
  /** Releases what the session holds (data, models, the backend). */
  close(): Promise<void>;
}

/**
 * An app's half of a distributed run (`hqml kd --queue`): how a worker opens a sweep's config.
 * Apps register one as a plugin of kind `app` whose id is the app's (`kd`, `anneal-classify`);
 * a worker finds it by the id a sweep names, so the queue package imports no app.
 */
export interface SweepApp {
  /** Validates the sweep's config (as the coordinator stored it) and composes it. */
  open(config: unknown, env: SweepEnv): Promise<SweepSession>;
}

/** The `app` plugin that gives workers an app's {@link SweepApp}. */
export function defineSweepApp(id: string, description: string, app: SweepApp): HqmlPlugin<SweepApp> {
  return definePlugin<SweepApp>({ id, kind: 'app', description, capabilities: { queue: true }, create: () => app });
}
