import { UnsupportedError, ValidationError, describeValue } from '../errors.js';
import { IsingModel } from './ising.js';
import { pythonSortOrder } from './labels.js';
import type { QuadraticModel, VariableLabel } from './quadraticModel.js';
import { QuboModel } from './qubo.js';

/**
 * dimod's serializable BQM (schema 3.0.0, `use_bytes: false`), as written by
 * `BinaryQuadraticModel.to_serializable()` and read by `from_serializable()`.
 */
export interface DimodBqmJSON {
  readonly type: 'BinaryQuadraticModel';
  readonly version: { readonly bqm_schema: string };
  readonly use_bytes: false;
  readonly index_type: string;
  readonly bias_type: string;
  readonly num_variables: number;
  readonly num_interactions: number;
  readonly variable_labels: VariableLabel[];
  readonly variable_type: 'SPIN' | 'BINARY';
  readonly offset: number;
  readonly info: Record<string, unknown>;
  readonly linear_biases: number[];
  readonly quadratic_biases: number[];
  readonly quadratic_head: number[];
  readonly quadratic_tail: number[];
}

/**
 * Writes a model as dimod's `bqm.to_serializable()` does: labels sorted when Python could sort
 * them (`to_numpy_vectors(sort_labels=True)`), interactions with head < tail sorted by
 * (head, tail) (`sort_indices=True`), int32 indices, float64 biases.
 */
export function toDimodBqm(model: QuadraticModel): DimodBqmJSON {
  const order = pythonSortOrder(model.labels);
  const position = new Int32Array(order.length);
  order.forEach((old, at) => (position[old] = at));
  const pairs = Array.from(model.values, (v, k) => {
    const a = position[model.heads[k]!]!;
    const b = position[model.tails[k]!]!;
    return [Math.min(a, b), Math.max(a, b), v] as const;
  }).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return {
    type: 'BinaryQuadraticModel',
    version: { bqm_schema: '3.0.0' },
    use_bytes: false,
    index_type: 'int32',
    bias_type: 'float64',
    num_variables: model.numVariables,
    num_interactions: model.numInteractions,
    variable_labels: order.map((i) => model.labels[i]!),
    variable_type: model.vartype,
    offset: model.offset,
    info: {},
    linear_biases: order.map((i) => model.linear[i]!),
    quadratic_biases: pairs.map((p) => p[2]),
    quadratic_head: pairs.map((p) => p[0]),
    quadratic_tail: pairs.map((p) => p[1]),
  };
}

const FIX = "Pass the output of dimod's bqm.to_serializable() (use_bytes=False, the default)";

function need(cond: boolean, what: string, why: string): asserts cond {
  if (!cond) throw new ValidationError({ what: `dimod BQM JSON: ${what}`, why, fix: FIX });
}

/**
 * Reads dimod's serializable BQM JSON (schema 2.x or 3.x with `use_bytes: false`): an
 * IsingModel for SPIN, a QuboModel for BINARY, with the document's labels (lists become tuples)
 * in the document's order. Every field is checked before the model is built.
 */
export function fromDimodBqm(json: unknown): IsingModel | QuboModel {
  const o = json as Partial<DimodBqmJSON> | null;
  need(typeof o === 'object' && o !== null && !Array.isArray(o), `got ${describeValue(json)}`, 'expected an object');
  need(o.type === 'BinaryQuadraticModel', `type is ${describeValue(o.type)}`, 'expected "BinaryQuadraticModel"');
  const schema = (o.version as { bqm_schema?: unknown } | undefined)?.bqm_schema;
  need(typeof schema === 'string' && /^[23]\.\d+\.\d+$/.test(schema), `bqm_schema is ${describeValue(schema)}`, 'hqml reads schemas 2.x and 3.x (dimod 0.9 and later)');
  if ((o.use_bytes as unknown) === true) {
    throw new UnsupportedError({ what: 'dimod BQM JSON: use_bytes is true', why: 'JSON cannot hold raw bytes, so hqml reads the list form only', fix: FIX });
  }
  need(o.variable_type === 'SPIN' || o.variable_type === 'BINARY', `variable_type is ${describeValue(o.variable_type)}`, 'expected "SPIN" or "BINARY"');
  const labels = o.variable_labels;
  const lin = o.linear_biases;
  const qb = o.quadratic_biases;
  const qh = o.quadratic_head;
  const qt = o.quadratic_tail;
  need(Array.isArray(labels) && Array.isArray(lin) && labels.length === lin.length, 'variable_labels and linear_biases differ in length or are missing', 'there is one linear bias per label');
  need(o.num_variables === undefined || o.num_variables === labels.length, `num_variables is ${describeValue(o.num_variables)} but there are ${labels.length} labels`, 'the count must match the lists');
  need(Array.isArray(qb) && Array.isArray(qh) && Array.isArray(qt) && qb.length === qh.length && qh.length === qt.length, 'quadratic_biases/head/tail differ in length or are missing', 'there is one head and tail per quadratic bias');
  need(o.num_interactions === undefined || o.num_interactions === qb.length, `num_interactions is ${describeValue(o.num_interactions)} but there are ${qb.length} biases`, 'the count must match the lists');
  const n = labels.length;
  for (const [name, arr] of [['quadratic_head', qh], ['quadratic_tail', qt]] as const) {
    arr.forEach((v, k) => need(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < n, `${name}[${k}] is ${describeValue(v)}`, `indices point into variable_labels (0..${n - 1})`));
  }
  lin.forEach((v, k) => need(typeof v === 'number', `linear_biases[${k}] is ${describeValue(v)}`, 'biases are numbers'));
  qb.forEach((v, k) => need(typeof v === 'number', `quadratic_biases[${k}] is ${describeValue(v)}`, 'biases are numbers'));
  const offset = o.offset ?? 0;
  need(typeof offset === 'number', `offset is ${describeValue(offset)}`, 'the offset is a number');
  const input = {
    linear: lin,
    quadratic: qb.map((v, k) => [qh[k] as number, qt[k] as number, v] as const),
    offset,
    numVariables: n,
    labels: labels as VariableLabel[],
  };
  return o.variable_type === 'SPIN' ? new IsingModel(input) : new QuboModel(input);
}
