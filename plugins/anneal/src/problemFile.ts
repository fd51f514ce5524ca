import { readFile } from 'node:fs/promises';
import { DataError, type IsingModel, QuboModel, ValidationError, describeValue, fromDimodBqm } from '@hqml/core';
import { type GsetProblem, parseGset } from './gset.js';

/** Input formats of `hqml anneal`. */
export const PROBLEM_FORMATS = ['gset', 'bqm-json', 'qubo-json'] as const;
/** One of {@link PROBLEM_FORMATS}. */
export type ProblemFormat = (typeof PROBLEM_FORMATS)[number];

/** A problem read from a file: the model in its own form, plus the graph for G-set inputs. */
export interface ProblemInput {
  readonly format: ProblemFormat;
  readonly model: IsingModel | QuboModel;
  readonly gset?: GsetProblem;
}

/**
 * Parses a QUBO in JSON: `{ "Q": [[i, j, value], ...], "offset"?: number, "numVariables"?: number,
 * "labels"?: [...] }` or just the list of `[i, j, value]` entries (0-based; `i === j` entries
 * are linear biases, off-diagonal entries in either order are summed), as dimod's `Q` dict.
 */
export function parseQuboJson(json: unknown, source = 'QUBO JSON'): QuboModel {
  const obj = Array.isArray(json) ? { Q: json } : (json as Record<string, unknown> | null);
  const fix = 'Write {"Q": [[i, j, value], ...], "offset": 0} with 0-based indices';
  if (typeof obj !== 'object' || obj === null || !Array.isArray(obj['Q'])) {
    throw new ValidationError({ what: `${source} is ${describeValue(json)}`, why: 'expected an object with a "Q" list of [i, j, value] entries', fix });
  }
  const Q = obj['Q'] as unknown[];
  const linear: number[] = [];
  const quadratic: Array<[number, number, number]> = [];
  Q.forEach((e, k) => {
    if (!Array.isArray(e) || e.length !== 3 || !e.every((x) => typeof x === 'number')) {
      throw new ValidationError({ what: `${source}: Q[${k}] is ${describeValue(e)}`, why: 'each entry is [i, j, value]', fix });
    }
    const [i, j, v] = e as [number, number, number];
    for (const idx of [i, j]) {
      if (!Number.isSafeInteger(idx) || idx < 0) throw new ValidationError({ what: `${source}: Q[${k}] names variable ${describeValue(idx)}`, why: 'indices are non-negative integers', fix });
    }
    if (!Number.isFinite(v)) throw new ValidationError({ what: `${source}: Q[${k}] has value ${describeValue(v)}`, why: 'biases must be finite', fix: 'Replace NaN and infinite values' });
    if (i === j) {
      while (linear.length <= i) linear.push(0);
      linear[i] = linear[i]! + v;
    } else quadratic.push([i, j, v]);
  });
  const offset = obj['offset'] ?? 0;
  if (typeof offset !== 'number' || !Number.isFinite(offset)) throw new ValidationError({ what: `${source}: offset is ${describeValue(offset)}`, why: 'the offset is a finite number' });
  const numVariables = obj['numVariables'];
  if (numVariables !== undefined && (typeof numVariables !== 'number' || !Number.isSafeInteger(numVariables) || numVariables < 0)) {
    throw new ValidationError({ what: `${source}: numVariables is ${describeValue(numVariables)}`, why: 'numVariables is a non-negative integer' });
  }
  const labels = obj['labels'];
  if (labels !== undefined && (!Array.isArray(labels) || !labels.every((l) => typeof l === 'string' || typeof l === 'number'))) {
    throw new ValidationError({ what: `${source}: labels is ${describeValue(labels)}`, why: 'labels are a list of strings or numbers' });
  }
  return new QuboModel({ linear, quadratic, offset, ...(numVariables !== undefined && { numVariables }), ...(labels !== undefined && { labels: labels as Array<string | number> }) });
}

/** Guesses a format from the file name and text: JSON with `"type": "BinaryQuadraticModel"` is bqm-json, other JSON qubo-json, anything else gset. */
export function guessFormat(path: string, text: string): ProblemFormat {
  const t = text.trimStart();
  if (path.endsWith('.json') || t.startsWith('{') || t.startsWith('[')) return /"type"\s*:\s*"BinaryQuadraticModel"/.test(t) ? 'bqm-json' : 'qubo-json';
  return 'gset';
}

/** Parses problem text in a format. */
export function parseProblem(text: string, format: ProblemFormat, source: string): ProblemInput {
  if (format === 'gset') {
    const gset = parseGset(text, source);
    return { format, model: gset.model, gset };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ValidationError({ what: `${source} is not valid JSON`, why: err instanceof Error ? err.message : String(err), fix: `Check the file, or pass --format gset for a G-set graph` });
  }
  const model = format === 'bqm-json' ? fromDimodBqm(json) : parseQuboJson(json, source);
  return { format, model };
}

/** Reads and parses a problem file. */
export async function readProblemFile(path: string, format?: ProblemFormat): Promise<ProblemInput> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DataError({ what: `cannot read ${describeValue(path)}`, why: err instanceof Error ? err.message : String(err), fix: 'Check the path', cause: err });
  }
  return parseProblem(text, format ?? guessFormat(path, text), path);
}
