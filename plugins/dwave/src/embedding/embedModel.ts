import { IsingModel, ValidationError } from '@hqml/core';
import type { HardwareGraph } from '../topology/hardwareGraph.js';
import type { Embedding } from './embedding.js';
import { checkEmbedding } from './verifyEmbedding.js';

/**
 * Embeds an Ising model onto target qubits (dwave-system's `embed_bqm` with `smear_vartype=SPIN`):
 * each h is split evenly over its chain, each J evenly over the couplers between the two chains,
 * every coupler inside a chain gets `-chainStrength`, and the offset gains `chainStrength` per
 * such coupler so that an unbroken sample keeps its energy. The result is labelled by qubit.
 */
export function embedIsing(model: IsingModel, embedding: Embedding, target: Pick<HardwareGraph, 'nodes' | 'edges'>, chainStrength: number): IsingModel {
  checkEmbedding(embedding, { numVariables: model.numVariables, edges: Array.from(model.values, (_, k) => [model.heads[k]!, model.tails[k]!] as [number, number]) }, target);
  const owner = new Map<number, number>();
  embedding.forEach((chain, v) => chain.forEach((q) => owner.set(q, v)));
  const qubits = [...owner.keys()].sort((a, b) => a - b);
  const index = new Map(qubits.map((q, i) => [q, i] as const));
  const linear = new Float64Array(qubits.length);
  embedding.forEach((chain, v) => chain.forEach((q) => (linear[index.get(q)!] = model.linear[v]! / chain.length)));
  const between = new Map<string, Array<[number, number]>>();
  const quadratic: Array<[number, number, number]> = [];
  let offset = model.offset;
  for (const [a, b] of target.edges) {
    const u = owner.get(a);
    const v = owner.get(b);
    if (u === undefined || v === undefined) continue;
    if (u === v) {
      quadratic.push([index.get(a)!, index.get(b)!, -chainStrength]);
      offset += chainStrength;
    } else {
      const key = u < v ? `${u},${v}` : `${v},${u}`;
      (between.get(key) ?? between.set(key, []).get(key)!).push([index.get(a)!, index.get(b)!]);
    }
  }
  for (let k = 0; k < model.numInteractions; k++) {
    const couplers = between.get(`${model.heads[k]},${model.tails[k]}`);
    if (!couplers) throw new ValidationError({ what: `interaction (${model.heads[k]}, ${model.tails[k]}) has no coupler between its chains`, why: 'the embedding does not cover the model', fix: 'Find an embedding for this model' });
    const share = model.values[k]! / couplers.length;
    for (const [p, q] of couplers) quadratic.push([p, q, share]);
  }
  return new IsingModel({ linear, quadratic, offset, numVariables: qubits.length, labels: qubits });
}
