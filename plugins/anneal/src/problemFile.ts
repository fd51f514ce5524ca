import { type IsingModel, QuboModel, SampleSet, ValidationError, type VariableLabel, checkNestingDepth, describeValue, formatLabel, fromDimodBqm, labelKey, readTextFile } from '@hqml/core';
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

/** Largest problem file `hqml anneal` reads (G1..G81 are under 2 MiB). */
export const MAX_PROBLEM_BYTES = 512 * 2 ** 20;

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Parses a QUBO in JSON: `{ "Q": [[u, v, value], ...], "offset"?: number, "numVariables"?: number,
 * "labels"?: [...] }` or just the list of entries; `u === v` entries are linear biases,
 * off-diagonal entries in either order are summed, as dimod's `Q` dict (JSON has no tuple keys,
 * so the dict is written as a list). When every `u`, `v` is a non-negative integer they are
 * 0-based indices (`numVariables` and `labels` apply); otherwise they are labels (strings,
 * numbers, or lists for tuples) and variables are ordered as first seen.
 */
export function parseQuboJson(json: unknown, source = 'QUBO JSON'): QuboModel {
  const obj = Array.isArray(json) ? { Q: json } : (json as Record<string, unknown> | null);
  const fix = 'Write {"Q": [[u, v, value], ...], "offset": 0} with 0-based indices or labels';
  if (typeof obj !== 'object' || obj === null || !Array.isArray(obj['Q'])) {
    throw new ValidationError({ what: `${source} is ${describeValue(json)}`, why: 'expected an object with a "Q" list of [u, v, value] entries', fix });
  }
  const Q = obj['Q'] as unknown[];
  Q.forEach((e, k) => {
    if (!Array.isArray(e) || e.length !== 3) throw new ValidationError({ what: `${source}: Q[${k}] is ${describeValue(e)}`, why: 'each entry is [u, v, value]', fix });
    if (typeof e[2] !== 'number' || !Number.isFinite(e[2])) throw new ValidationError({ what: `${source}: Q[${k}] has value ${describeValue(e[2])}`, why: 'biases must be finite numbers', fix: 'Replace NaN, infinite and non-numeric values' });
  });
  const offset = obj['offset'] ?? 0;
  if (typeof offset !== 'number' || !Number.isFinite(offset)) throw new ValidationError({ what: `${source}: offset is ${describeValue(offset)}`, why: 'the offset is a finite number', fix: 'Write a number, e.g. "offset": 0' });
  const numVariables = obj['numVariables'];
  if (numVariables !== undefined && (typeof numVariables !== 'number' || !Number.isSafeInteger(numVariables) || numVariables < 0)) {
    throw new ValidationError({ what: `${source}: numVariables is ${describeValue(numVariables)}`, why: 'numVariables is a non-negative integer', fix: 'Write the variable count, or leave it out' });
  }
  const labels = obj['labels'];
  if (labels !== undefined && !Array.isArray(labels)) {
    throw new ValidationError({ what: `${source}: labels is ${describeValue(labels)}`, why: 'labels are a list (one per variable)', fix: 'Write e.g. "labels": ["a", "b"]' });
  }
  const entries = Q as Array<[unknown, unknown, number]>;
  if (entries.every(([u, v]) => isIndex(u) && isIndex(v))) {
    // Diagonal entries go in as sparse terms: an index of 1e15 is a ResourceError in the model, not a loop.
    const linearTerms = entries.filter(([u, v]) => u === v).map(([u, , b]) => [u as number, b] as const);
    const quadratic = entries.filter(([u, v]) => u !== v).map(([u, v, b]) => [u as number, v as number, b] as const);
    return new QuboModel({ linearTerms, quadratic, offset, ...(numVariables !== undefined && { numVariables }), ...(labels !== undefined && { labels: labels as VariableLabel[] }) });
  }
  if (numVariables !== undefined || labels !== undefined) {
    throw new ValidationError({ what: `${source} has labelled entries and ${numVariables !== undefined ? 'numVariables' : 'labels'}`, why: 'with labels in the entries, the variables are the labels seen', fix: 'Drop numVariables and labels, or write 0-based indices' });
  }
  return QuboModel.fromQubo(entries as Array<[VariableLabel, VariableLabel, number]>, offset);
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
  // Problem documents nest a few levels (tuple labels add some); deeper is refused before parsing.
  checkNestingDepth(text, source);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ValidationError({ what: `${source} is not valid JSON`, why: err instanceof Error ? err.message : String(err), fix: `Check the file, or pass --format gset for a G-set graph` });
  }
  if (typeof json === 'object' && json !== null && (json as { type?: unknown }).type === 'SampleSet') {
    throw new ValidationError({ what: `${source} is a sample set, not a problem`, why: 'hqml anneal samples a model (G-set graph, dimod BQM or QUBO)', fix: 'Pass a problem file; a sample set can start the reads: --initial-states FILE' });
  }
  const model = format === 'bqm-json' ? fromDimodBqm(json) : parseQuboJson(json, source);
  return { format, model };
}

/** Reads and parses a problem file. */
export async function readProblemFile(path: string, format?: ProblemFormat): Promise<ProblemInput> {
  const text = await readTextFile(path, { what: 'problem file', maxBytes: MAX_PROBLEM_BYTES });
  return parseProblem(text, format ?? guessFormat(path, text), path);
}

/**
 * Reads initial states for the reads from a sample set file (dimod's `to_serializable()` JSON or
 * hqml's SampleSet JSON), as neal's `initial_states` takes a SampleSet: columns are matched to
 * the model's variables by label, bits become spins. Every variable of the model must be there.
 */
export async function readInitialStates(path: string, model: IsingModel | QuboModel): Promise<SampleSet> {
  const text = await readTextFile(path, { what: 'initial-states file', maxBytes: MAX_PROBLEM_BYTES });
  checkNestingDepth(text, path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ValidationError({ what: `${path} is not valid JSON`, why: err instanceof Error ? err.message : String(err), fix: "Write the sample set with json.dump(sampleset.to_serializable(), f)" });
  }
  const set = SampleSet.fromJSON(json);
  const spins = set.vartype === 'SPIN' ? set : set.changeVartype('SPIN');
  const index = new Map(spins.variables.map((v, i) => [labelKey(v), i]));
  const columns = model.labels.map((l) => index.get(labelKey(l)));
  const missing = columns.indexOf(undefined);
  if (missing >= 0 || spins.size === 0) {
    throw new ValidationError({
      what: spins.size === 0 ? `${path} holds no samples` : `${path} has no column for variable ${formatLabel(model.labels[missing]!)}`,
      why: 'each initial state assigns every variable of the problem',
      fix: 'Pass a sample set over the same variables (for example the output of an earlier run: --json, field sampleSet)',
    });
  }
  const n = model.numVariables;
  const src = spins.samples;
  const rows = new Int8Array(spins.size * n);
  for (let r = 0; r < spins.size; r++) for (let i = 0; i < n; i++) rows[r * n + i] = src[r * spins.numVariables + columns[i]!]!;
  return SampleSet.fromSamples({ variables: model.labels, vartype: 'SPIN', samples: rows, energies: new Float64Array(spins.size) });
}
