import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@hqml/core';
import type { CellSpec } from './cells.js';

/** What a finished cell stores: its identity and key, plus the app's result fields. */
export interface StoredCell<R> {
  readonly id: string;
  readonly key: string;
  readonly experiment: string;
  readonly condition: string;
  readonly seed: number;
  readonly finishedAt: string;
  readonly result: R;
}

/** What {@link CellStore.read} found. */
export type CellLookup<R> = { readonly status: 'done'; readonly cell: StoredCell<R> } | { readonly status: 'missing' } | { readonly status: 'stale'; readonly storedKey: string } | { readonly status: 'unreadable'; readonly error: string };

/**
 * The finished cells of a run directory: one JSON file per cell under `<runDir>/cells/`, written
 * atomically (a killed run leaves the whole file or none). A file is reused only when its key is
 * the cell's key; a stale one (the config changed what the cell computes) is run again and
 * overwritten.
 */
export class CellStore<R> {
  readonly dir: string;

  constructor(readonly runDir: string) {
    this.dir = join(runDir, 'cells');
  }

  /** The file of a cell. */
  file(cell: Pick<CellSpec, 'id'>): string {
    return join(this.dir, `${cell.id}.json`);
  }

  /** The stored result of `cell`, if one with its key exists. */
  async read(cell: CellSpec): Promise<CellLookup<R>> {
    let text: string;
    try {
      text = await readFile(this.file(cell), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
      return { status: 'unreadable', error: (e as Error).message };
    }
    try {
      const stored = JSON.parse(text) as StoredCell<R>;
      if (typeof stored !== 'object' || stored === null || typeof stored.key !== 'string') return { status: 'unreadable', error: 'not a cell record' };
      return stored.key === cell.key ? { status: 'done', cell: stored } : { status: 'stale', storedKey: stored.key };
    } catch (e) {
      return { status: 'unreadable', error: (e as Error).message };
    }
  }

  /** Stores a finished cell. */
  async write(cell: CellSpec, result: R): Promise<StoredCell<R>> {
    const stored: StoredCell<R> = { id: cell.id, key: cell.key, experiment: cell.experiment, condition: cell.condition, seed: cell.seed, finishedAt: new Date().toISOString(), result };
    await writeFileAtomic(this.file(cell), `${JSON.stringify(stored)}\n`);
    return stored;
  }

  /** Deletes every stored cell (a `--fresh` run). */
  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Ids of the stored cells. */
  async ids(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
    } catch {
      return [];
    }
  }
}
