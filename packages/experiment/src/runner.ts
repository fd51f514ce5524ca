import type { EpochRecord } from '@hqml/core';
import type { CellSpec } from './cells.js';
import type { CellStore, StoredCell } from './cellStore.js';
import { ProgressDisplay, type ProgressSink } from './progress.js';

/** What a running cell can report. */
export interface CellContext {
  /** 1-based position of the cell in the plan. */
  readonly index: number;
  readonly total: number;
  /** `<experiment> <condition> seed <seed>`, for progress lines. */
  readonly name: string;
  /** Reports a finished epoch of `epochs`, over `samples` training samples. */
  epoch(record: EpochRecord, epochs: number, samples: number): void;
  /** A line of status text. */
  note(line: string): void;
}

/** Options of {@link runCells}. */
export interface RunCellsOptions<S, R> {
  /** The plan, in the order the cells run (grouped by experiment). */
  readonly cells: readonly CellSpec<S>[];
  readonly store: CellStore<R>;
  /** Runs one cell and returns what is stored. */
  readonly run: (cell: CellSpec<S>, context: CellContext) => Promise<R>;
  /** A cell's training work (samples x epochs), for the ETA. Default 1 per cell. */
  readonly work?: (cell: CellSpec<S>) => number;
  /** Progress output (stderr by default); null for none. */
  readonly sink?: ProgressSink | null;
  /** Called once an experiment has no pending cell left (to release its data and models). */
  readonly afterExperiment?: (experiment: string) => void | Promise<void>;
}

/** What {@link runCells} returns. */
export interface RunCellsResult<R> {
  /** Every cell's stored result, by cell id. */
  readonly results: ReadonlyMap<string, StoredCell<R>>;
  readonly cellsRun: number;
  readonly cellsReused: number;
  /** Cells whose stored result had another key (the config changed them) and ran again. */
  readonly cellsStale: number;
}

/** The default progress sink: standard error. */
export function stderrSink(): ProgressSink {
  return { write: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY === true };
}

/**
 * Runs the cells of a plan that have no stored result with their key, in plan order, storing
 * each as soon as it finishes, so a killed run resumes where it stopped and a run whose config
 * changed reruns exactly the cells whose key changed. One progress line tracks the whole run
 * (cell i/n, epoch, samples/s, ETA).
 */
export async function runCells<S, R>(o: RunCellsOptions<S, R>): Promise<RunCellsResult<R>> {
  const sink = o.sink === undefined ? stderrSink() : o.sink;
  const work = o.work ?? (() => 1);
  const progress = new ProgressDisplay(sink ?? { write: () => {}, isTTY: false }, o.cells.reduce((n, c) => n + work(c), 0));
  const results = new Map<string, StoredCell<R>>();
  let cellsReused = 0, cellsStale = 0;
  const pending: Array<CellSpec<S>> = [];
  for (const c of o.cells) {
    const found = await o.store.read(c);
    if (found.status === 'done') {
      results.set(c.id, found.cell);
      cellsReused++;
      progress.skip(work(c));
    } else {
      if (found.status === 'stale') cellsStale++;
      if (found.status === 'unreadable') progress.note(`cell ${c.id}: the stored result is unreadable (${found.error}); running it again`);
      pending.push(c);
    }
  }
  if (cellsReused > 0) progress.note(`resuming ${o.store.runDir}: ${cellsReused} of ${o.cells.length} cells already finished`);
  if (cellsStale > 0) progress.note(`${cellsStale} stored cell(s) were computed with other settings and run again`);
  let cellsRun = 0;
  try {
    for (const [i, c] of pending.entries()) {
      const index = o.cells.indexOf(c) + 1;
      const name = `${c.experiment} ${c.condition} seed ${c.seed}`;
      const context: CellContext = {
        index,
        total: o.cells.length,
        name,
        epoch: (r, epochs, samples) => progress.epoch({ index, total: o.cells.length, name }, r.epoch, epochs, samples, r.seconds ?? 0, r.samplesPerSecond),
        note: (line) => progress.note(line),
      };
      const result = await o.run(c, context);
      results.set(c.id, await o.store.write(c, result));
      cellsRun++;
      const next = pending[i + 1];
      if (o.afterExperiment && (!next || next.experiment !== c.experiment)) await o.afterExperiment(c.experiment);
    }
  } finally {
    progress.clear();
  }
  return { results, cellsRun, cellsReused, cellsStale };
}
