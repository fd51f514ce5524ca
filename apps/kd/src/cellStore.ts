import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@hqml/core';
import type { ConfusionMatrix } from '@hqml/eval';

/** The stored result of one cell (one experiment, condition and seed). */
export interface CellResult {
  /** Hash of everything that determines the cell's numbers; a cell is reused only when it matches. */
  readonly key: string;
  readonly experiment: string;
  readonly condition: string;
  readonly seed: number;
  /** Test-set confusion matrix (rows = true class): the one evaluation on the test set. */
  readonly confusion: ConfusionMatrix;
  readonly history: unknown;
  readonly extra: Readonly<Record<string, number>>;
  readonly finishedAt: string;
}

/** A stable hash of a JSON value. */
export function cellKey(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 20);
}

/** File of a cell's result inside a run directory. */
export function cellFile(runDir: string, id: string): string {
  return join(runDir, 'cells', `${id}.json`);
}

/** The finished cell with this key, or undefined (missing, unreadable, or from another config). */
export async function readCell(runDir: string, id: string, key: string): Promise<CellResult | undefined> {
  try {
    const r = JSON.parse(await readFile(cellFile(runDir, id), 'utf8')) as CellResult;
    return r.key === key ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a finished cell atomically (a killed run leaves either the whole file or none). */
export async function writeCell(runDir: string, id: string, result: CellResult): Promise<void> {
  await writeFileAtomic(cellFile(runDir, id), `${JSON.stringify(result)}\n`);
}
