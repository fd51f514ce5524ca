import { ValidationError, describeValue } from '../errors.js';
import { IsingModel } from './ising.js';
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

/** Writes a model in dimod's serializable BQM JSON. */
export function toDimodBqm(model: QuadraticModel): DimodBqmJSON {
  return {
    type: 'BinaryQuadraticModel',
    version: { bqm_schema: '3.0.0' },
    use_bytes: false,
    index_type: 'int32',
    bias_type: 'float64',
    num_variables: model.numVariables,
    num_interactions: model.numInteractions,
    variable_labels: [...model.labels],
    variable_type: model.vartype,
    offset: model.offset,
    info: {},
    linear_biases: Array.from(model.linear),
    quadratic_biases: Array.from(model.values),
    quadratic_head: Array.from(model.heads),
    quadratic_tail: Array.from(model.tails),
  };
}

function need(cond: boolean, what: string, why: string): asserts cond {
  if (!cond) throw new ValidationError({ what: `dimod BQM JSON: ${what}`, why, fix: "Pass the output of dimod's bqm.to_serializable() (use_bytes=False)" });
}

/** Reads dimod's serializable BQM JSON (schema 3.x, `use_bytes: false`). */
export function fromDimodBqm(json: unknown): IsingModel | QuboModel {
  const o = json as Partial<DimodBqmJSON> | null;
  need(typeof o === 'object' && o !== null, `got ${describeValue(json)}`, 'expected an object');
  need(o.type === 'BinaryQuadraticModel', `type is ${describeValue(o.type)}`, 'expected "BinaryQuadraticModel"');
  const schema = o.version?.bqm_schema;
  need(typeof schema === 'string' && schema.startsWith('3.'), `bqm_schema is ${describeValue(schema)}`, 'hqml reads schema 3.x');
  need((o.use_bytes as unknown) !== true, 'use_bytes is true', 'byte-encoded biases are not supported');
  need(o.variable_type === 'SPIN' || o.variable_type === 'BINARY', `variable_type is ${describeValue(o.variable_type)}`, 'expected "SPIN" or "BINARY"');
  const labels = o.variable_labels;
  const lin = o.linear_biases;
  const qb = o.quadratic_biases;
  const qh = o.quadratic_head;
  const qt = o.quadratic_tail;
  need(Array.isArray(labels) && Array.isArray(lin) && labels.length === lin.length, 'variable_labels and linear_biases differ in length or are missing', 'there is one linear bias per label');
  need(Array.isArray(qb) && Array.isArray(qh) && Array.isArray(qt) && qb.length === qh.length && qh.length === qt.length, 'quadratic_biases/head/tail differ in length or are missing', 'there is one head and tail per quadratic bias');
  const labelList = labels.map((l) => (Array.isArray(l) ? JSON.stringify(l) : l));
  const input = {
    linear: lin,
    quadratic: qb.map((v, k) => [qh[k] as number, qt[k] as number, v] as const),
    offset: o.offset ?? 0,
    numVariables: lin.length,
    labels: labelList,
  };
  return o.variable_type === 'SPIN' ? new IsingModel(input) : new QuboModel(input);
}
