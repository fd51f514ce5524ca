import { ValidationError, describeValue } from '@hqml/core';

/** The topology families D-Wave QPUs have, as `properties.topology.type` names them. */
export type TopologyFamily = 'chimera' | 'pegasus' | 'zephyr';

/**
 * A QPU working graph: qubits (linear indices, ascending) and couplers `[u, v]` with `u < v`,
 * sorted. `family` and `shape` are the solver's `properties.topology` (absent for a plain graph).
 *
 * Design note: D-Wave numbers qubits by a linear index derived from coordinates, and a working
 * graph may miss qubits, so labels are kept as given; algorithms that want 0..n-1 use
 * {@link denseAdjacency}.
 */
export interface HardwareGraph {
  readonly family?: TopologyFamily;
  readonly shape?: readonly number[];
  readonly nodes: readonly number[];
  readonly edges: readonly (readonly [number, number])[];
}

/** A graph's adjacency over dense indices 0..n-1 (index k is `nodes[k]`), in CSR form. */
export interface DenseAdjacency {
  readonly nodes: readonly number[];
  /** label -> dense index */
  readonly index: ReadonlyMap<number, number>;
  readonly offsets: Int32Array;
  readonly neighbors: Int32Array;
}

/** Builds a {@link HardwareGraph} from edges (and optional isolated nodes), normalised and sorted. */
export function hardwareGraph(edges: Iterable<readonly [number, number]>, options: { nodes?: Iterable<number>; family?: TopologyFamily; shape?: readonly number[] } = {}): HardwareGraph {
  const nodeSet = new Set<number>(options.nodes ?? []);
  const keyed = new Map<string, [number, number]>();
  for (const [a, b] of edges) {
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a === b) {
      throw new ValidationError({ what: `edge ${describeValue([a, b])}`, why: 'an edge joins two distinct non-negative integer qubits', fix: 'Remove self-loops and non-integer labels' });
    }
    const e: [number, number] = a < b ? [a, b] : [b, a];
    keyed.set(`${e[0]},${e[1]}`, e);
    nodeSet.add(a);
    nodeSet.add(b);
  }
  const sortedEdges = [...keyed.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return Object.freeze({
    ...(options.family !== undefined && { family: options.family }),
    ...(options.shape !== undefined && { shape: Object.freeze([...options.shape]) }),
    nodes: Object.freeze([...nodeSet].sort((x, y) => x - y)),
    edges: Object.freeze(sortedEdges.map((e) => Object.freeze(e) as readonly [number, number])),
  });
}

/** CSR adjacency over dense indices; neighbours are listed in ascending label order. */
export function denseAdjacency(graph: Pick<HardwareGraph, 'nodes' | 'edges'>): DenseAdjacency {
  const nodes = graph.nodes;
  const index = new Map<number, number>();
  nodes.forEach((q, k) => index.set(q, k));
  const n = nodes.length;
  const degree = new Int32Array(n + 1);
  for (const [a, b] of graph.edges) {
    const ia = index.get(a);
    const ib = index.get(b);
    if (ia === undefined || ib === undefined) {
      throw new ValidationError({ what: `edge ${describeValue([a, b])} names a qubit that is not a node`, why: 'every edge end must be in the node list', fix: 'Add the qubit to nodes or drop the edge' });
    }
    degree[ia + 1]!++;
    degree[ib + 1]!++;
  }
  for (let i = 0; i < n; i++) degree[i + 1]! += degree[i]!;
  const offsets = degree.slice();
  const fill = degree.slice(0, n);
  const neighbors = new Int32Array(offsets[n]!);
  for (const [a, b] of graph.edges) {
    const ia = index.get(a)!;
    const ib = index.get(b)!;
    neighbors[fill[ia]!++] = ib;
    neighbors[fill[ib]!++] = ia;
  }
  for (let i = 0; i < n; i++) neighbors.subarray(offsets[i]!, offsets[i + 1]!).sort();
  return { nodes, index, offsets, neighbors };
}

/** Checks a size parameter of a generator. */
export function checkShape(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new ValidationError({ what: `${name} is ${describeValue(value)}`, why: `${name} is an integer >= ${min}`, fix: `Pass e.g. ${name} = ${Math.max(min, 4)}` });
  }
}
