import { ValidationError } from '@hqml/core';
import { cellKey } from './cellKey.js';

/**
 * One unit of work of an experiment run: one experiment, condition and seed. The spec is plain
 * JSON (so a queue can carry it to another process), and the key is the hash of everything that
 * determines the cell's numbers: a stored result is reused only when its key matches, so editing
 * a config line that changes a cell runs that cell again and nothing else.
 */
export interface CellSpec<S = unknown> {
  /** Unique within a run and safe as a file name: `<experiment>--<condition>--s<seed>`. */
  readonly id: string;
  /** Hash of {@link spec} (see {@link cellKey}). */
  readonly key: string;
  readonly experiment: string;
  readonly condition: string;
  readonly seed: number;
  /** Everything the cell's work depends on: the experiment's data selection, model, training, backend, ... */
  readonly spec: S;
}

const SAFE = /^[a-z0-9][a-z0-9._-]*$/;

/** A cell of `experiment`, `condition` and `seed` whose numbers are determined by `spec`. */
export function defineCell<S>(experiment: string, condition: string, seed: number, spec: S): CellSpec<S> {
  for (const [what, v] of [['experiment', experiment], ['condition', condition]] as const) {
    if (!SAFE.test(v)) throw new ValidationError({ what: `${what} name "${v}"`, why: 'cell ids are file names: lower-case letters, digits, ".", "_" and "-"', fix: `Rename the ${what}` });
  }
  return Object.freeze({ id: `${experiment}--${condition}--s${seed}`, key: cellKey({ experiment, condition, seed, spec }), experiment, condition, seed, spec });
}

/** Refuses a plan in which two cells share an id (the second would overwrite the first's result). */
export function checkUniqueCells(cells: readonly CellSpec[]): void {
  const seen = new Map<string, CellSpec>();
  for (const c of cells) {
    if (seen.has(c.id)) {
      throw new ValidationError({ what: `two cells are both "${c.id}"`, why: 'every cell of a run needs its own result file', fix: 'Give the experiments distinct names and list each seed once' });
    }
    seen.set(c.id, c);
  }
}

/** Refuses duplicate names in a list (experiments, conditions), naming the config path. */
export function checkUniqueNames(names: readonly string[], path: string): void {
  const seen = new Set<string>();
  for (const [i, n] of names.entries()) {
    if (seen.has(n)) throw new ValidationError({ what: `at ${path}[${i}]: the name "${n}" is used twice`, why: 'each one writes its own cells and report, and a second one would overwrite the first', fix: 'Give each a distinct name' });
    seen.add(n);
  }
}
