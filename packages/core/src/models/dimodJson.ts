import { ValidationError, describeValue } from '../errors.js';
import { fromDimodBqm } from './bqmJson.js';
import type { IsingModel } from './ising.js';
import type { QuboModel } from './qubo.js';
import { SampleSet } from './sampleSet.js';

/** What a dimod JSON document holds: a binary quadratic model or a sample set. */
export type DimodDocument = { readonly kind: 'bqm'; readonly model: IsingModel | QuboModel } | { readonly kind: 'sampleset'; readonly sampleSet: SampleSet };

/**
 * Reads a parsed dimod document by its `type`: `BinaryQuadraticModel` (`bqm.to_serializable()`)
 * or `SampleSet` (`sampleset.to_serializable()`, or hqml's own SampleSet JSON).
 */
export function readDimodJson(json: unknown, source = 'the document'): DimodDocument {
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  if (type === 'BinaryQuadraticModel') return { kind: 'bqm', model: fromDimodBqm(json) };
  if (type === 'SampleSet') return { kind: 'sampleset', sampleSet: SampleSet.fromJSON(json) };
  throw new ValidationError({
    what: `${source} has type ${describeValue(type)}`,
    why: 'hqml reads dimod documents of type "BinaryQuadraticModel" and "SampleSet"',
    fix: "Write it with dimod's bqm.to_serializable() or sampleset.to_serializable() and json.dump",
  });
}
