import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { type CellSpec, cellKey } from '@hqml/experiment';
import type { FlowJob, JobsOptions } from 'bullmq';
import type { ArtefactNeed } from './sweepApp.js';

/** The BullMQ queue every sweep's jobs go to (workers take jobs of any sweep from it). */
export const DEFAULT_QUEUE_NAME = 'hqml-cells';

/** How often and how patiently a failing job is tried. */
export interface RetryPolicy {
  /** Tries in all (1 = no retry). */
  readonly attempts: number;
  /** Delay before the first retry (ms); each further one doubles it (BullMQ's exponential backoff). */
  readonly backoffMs: number;
}

/** What a job carries: a cell to run, an artefact to build, or a gate that releases cells once their artefacts exist. */
export type SweepJobData =
  | { readonly kind: 'cell'; readonly sweep: string; readonly cell: CellSpec }
  | { readonly kind: 'artefact'; readonly sweep: string; readonly artefact: ArtefactNeed }
  | { readonly kind: 'gate'; readonly sweep: string; readonly cells: readonly CellSpec[]; readonly retry: RetryPolicy };

/** A cell of the plan: where its result comes from. */
export interface PlannedCell {
  readonly id: string;
  readonly jobId: string;
  /** The gate that releases it (absent: enqueued directly). */
  readonly gate?: string;
}

/** A gate of the plan and the artefact jobs below it (for the reason when one fails). */
export interface PlannedGate {
  readonly jobId: string;
  readonly artefacts: readonly string[];
}

/** A sweep's jobs: what the coordinator adds and what `hqml sweep status` reads. */
export interface SweepPlan {
  readonly cells: readonly PlannedCell[];
  readonly gates: readonly PlannedGate[];
  /** Artefact job ids and their labels. */
  readonly artefacts: ReadonlyArray<{ readonly jobId: string; readonly label: string }>;
}

/** The jobs to add: flow trees (gates over artefacts) and the cells that need nothing. */
export interface SweepJobs {
  readonly plan: SweepPlan;
  readonly flows: FlowJob[];
  readonly jobs: Array<{ name: string; data: SweepJobData; opts: JobsOptions }>;
}

const hash = (v: string, n = 16) => createHash('sha256').update(v).digest('hex').slice(0, n);

/**
 * The sweep id of a run directory on a host: the same directory gives the same id, so a
 * coordinator started again re-attaches to the jobs of the one before it.
 */
export function sweepIdOf(runDir: string, host: string): string {
  const slug = basename(runDir).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'run';
  return `${slug}-${hash(`${host}\u0000${runDir}`, 8)}`;
}

/** The job id of a cell: its sweep and its key (what determines its numbers). */
export function cellJobId(sweep: string, cell: Pick<CellSpec, 'key'>): string {
  return `${sweep}--c-${cell.key}`;
}

/** The options of every job: bounded retries with exponential backoff; kept until the coordinator has read them (a week at most). */
export function jobOptions(jobId: string, retry: RetryPolicy): JobsOptions {
  return {
    jobId,
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.backoffMs },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** The jobs of one cell that needs no artefact (or of a cell a gate releases). */
export function cellJob(sweep: string, cell: CellSpec, retry: RetryPolicy): { name: string; data: SweepJobData; opts: JobsOptions } {
  return { name: 'cell', data: { kind: 'cell', sweep, cell }, opts: jobOptions(cellJobId(sweep, cell), retry) };
}

/**
 * Plans a sweep's jobs. Cells that need no artefact are plain jobs. Cells that need artefacts
 * (trained teachers) wait behind a *gate*: a BullMQ flow whose children build the artefacts
 * first; when they have finished, the gate runs and enqueues its cells. BullMQ gives a job at
 * most one parent, so each artefact has one gate of its own (the cells that need just it), and
 * a gate of several artefacts (an ensemble teacher) takes those gates as its children; an
 * artefact whose gate another set already claimed gets a second build job there, which finds it
 * built (the artefact store builds each entry once, under a lock). A failing artefact fails its
 * gates (`failParentOnFailure`), and the coordinator reports their cells as failed.
 */
export function planSweep(sweep: string, cells: readonly CellSpec[], needsOf: (cell: CellSpec) => readonly ArtefactNeed[], retry: RetryPolicy, queueName = DEFAULT_QUEUE_NAME): SweepJobs {
  const jobs: SweepJobs['jobs'] = [];
  const planned: PlannedCell[] = [];
  const groups = new Map<string, { needs: ArtefactNeed[]; cells: CellSpec[] }>();
  for (const c of cells) {
    const needs = [...new Map(needsOf(c).map((n) => [n.key, n])).values()].sort((a, b) => a.key.localeCompare(b.key));
    if (needs.length === 0) {
      jobs.push(cellJob(sweep, c, retry));
      planned.push({ id: c.id, jobId: cellJobId(sweep, c) });
      continue;
    }
    const setKey = needs.map((n) => n.key).join('+');
    const g = groups.get(setKey) ?? { needs, cells: [] };
    g.cells.push(c);
    groups.set(setKey, g);
  }
  const artefacts = new Map<string, { jobId: string; label: string }>();
  const artefactJob = (a: ArtefactNeed, suffix = ''): FlowJob => {
    const jobId = `${sweep}--a-${a.key.slice(0, 20)}${suffix}`;
    artefacts.set(jobId, { jobId, label: a.label });
    return { name: 'artefact', queueName, data: { kind: 'artefact', sweep, artefact: a } satisfies SweepJobData, opts: { ...jobOptions(jobId, retry), failParentOnFailure: true } };
  };
  const gates: PlannedGate[] = [];
  const gateJob = (setKey: string, g: { cells: CellSpec[] }, children: FlowJob[]): FlowJob => {
    const jobId = `${sweep}--g-${hash(setKey)}`;
    for (const c of g.cells) planned.push({ id: c.id, jobId: cellJobId(sweep, c), gate: jobId });
    gates.push({ jobId, artefacts: children.flatMap(function walk(f): string[] { return f.name === 'artefact' ? [f.opts!.jobId!] : (f.children ?? []).flatMap(walk); }) });
    return { name: 'gate', queueName, data: { kind: 'gate', sweep, cells: g.cells, retry } satisfies SweepJobData, opts: { ...jobOptions(jobId, retry), failParentOnFailure: true }, children };
  };
  // One gate per single artefact first (the cells that need just it), then the sets over them.
  const single = new Map<string, { flow: FlowJob; claimed: boolean }>();
  const ensureSingle = (a: ArtefactNeed) => {
    let s = single.get(a.key);
    if (!s) {
      s = { flow: gateJob(a.key, groups.get(a.key) ?? { cells: [] }, [artefactJob(a)]), claimed: false };
      single.set(a.key, s);
    }
    return s;
  };
  for (const [, g] of groups) if (g.needs.length === 1) ensureSingle(g.needs[0]!);
  const multi: FlowJob[] = [];
  for (const [setKey, g] of groups) {
    if (g.needs.length === 1) continue;
    const children = g.needs.map((a) => {
      const s = ensureSingle(a);
      if (!s.claimed) {
        s.claimed = true;
        return s.flow;
      }
      return artefactJob(a, `-for-${hash(setKey, 8)}`);
    });
    multi.push(gateJob(setKey, g, children));
  }
  const flows = [...[...single.values()].filter((s) => !s.claimed).map((s) => s.flow), ...multi];
  const order = new Map(cells.map((c, i) => [c.id, i]));
  planned.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { plan: { cells: planned, gates, artefacts: [...artefacts.values()] }, flows, jobs };
}

/** The key of an artefact spec (the same hash as cell keys). */
export function artefactKey(spec: unknown): string {
  return cellKey(spec);
}
