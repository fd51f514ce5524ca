import { ResourceError, Rng, ValidationError, describeValue } from '@hqml/core';
import { type DenseAdjacency, type HardwareGraph, denseAdjacency } from '../topology/hardwareGraph.js';
import type { Embedding, SourceGraph } from './embedding.js';
import { embeddingProblems } from './verifyEmbedding.js';

/** Options of {@link findEmbedding} (minorminer's names, camel-cased, and its defaults). */
export interface FindEmbeddingOptions {
  readonly seed?: number;
  /** Restarts from scratch before giving up (default 10). */
  readonly tries?: number;
  /** Rounds without fewer overlaps before a try is abandoned (default 10). */
  readonly maxNoImprovement?: number;
  /** Rounds without shorter chains before chain-length improvement stops (default 10). */
  readonly chainlengthPatience?: number;
  /** Wall-clock budget in seconds (default 1000). */
  readonly timeout?: number;
}

/** What {@link findEmbedding} did, beside the embedding. */
export interface FindEmbeddingResult {
  /** The embedding, or undefined when none was found (minorminer returns `{}`). */
  readonly embedding: Embedding | undefined;
  readonly triesUsed: number;
  readonly rounds: number;
  readonly seconds: number;
}

/** A binary min-heap of (key, node) on typed arrays, with lazy deletion. */
class MinHeap {
  private keys = new Float64Array(1024);
  private items = new Int32Array(1024);
  size = 0;

  push(key: number, item: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const it = new Int32Array(this.size * 2);
      it.set(this.items);
      this.items = it;
    }
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p]! <= key) break;
      this.keys[i] = this.keys[p]!;
      this.items[i] = this.items[p]!;
      i = p;
    }
    this.keys[i] = key;
    this.items[i] = item;
  }

  /** Pops the minimum; returns its item and leaves its key in `lastKey`. */
  lastKey = 0;
  pop(): number {
    const top = this.items[0]!;
    this.lastKey = this.keys[0]!;
    const n = --this.size;
    const key = this.keys[n]!;
    const item = this.items[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.keys[c + 1]! < this.keys[c]!) c++;
      if (this.keys[c]! >= key) break;
      this.keys[i] = this.keys[c]!;
      this.items[i] = this.items[c]!;
      i = c;
    }
    this.keys[i] = key;
    this.items[i] = item;
    return top;
  }
}

/**
 * The state of one embedding attempt over dense target indices: chains, how many chains use each
 * qubit, and scratch space for the shortest-path searches.
 */
class Embedder {
  readonly chains: number[][];
  readonly usage: Int32Array;
  private readonly heap = new MinHeap();
  private readonly weight: Float64Array;
  private dist: Float64Array[] = [];
  private parent: Int32Array[] = [];

  constructor(
    private readonly target: DenseAdjacency,
    private readonly neighbors: readonly number[][],
    private readonly rng: Rng,
  ) {
    const n = target.nodes.length;
    this.chains = neighbors.map(() => []);
    this.usage = new Int32Array(n);
    this.weight = new Float64Array(n);
  }

  /** Sum over qubits of (usage - 1) where usage > 1: zero exactly when chains are disjoint. */
  overlap(): number {
    let s = 0;
    for (const u of this.usage) if (u > 1) s += u - 1;
    return s;
  }

  remove(v: number): void {
    for (const q of this.chains[v]!) this.usage[q]!--;
    this.chains[v] = [];
  }

  /**
   * Vertex weights `base^usage`, with the base chosen (as minorminer does) so that the fullest
   * qubit weighs about 2^40: a shared qubit then costs more than any detour, and among overlaps
   * the fuller qubit is avoided first. Without overlap, used qubits are forbidden.
   */
  /** A fixed weight base (stage 4's cheap overlaps) instead of the fill-dependent one. */
  baseOverride: number | undefined;
  private setWeights(allowOverlap: boolean): void {
    const w = this.weight;
    let maxFill = 1;
    for (const u of this.usage) if (u > maxFill) maxFill = u;
    const base = this.baseOverride ?? Math.pow(2, 40 / maxFill);
    for (let q = 0; q < w.length; q++) {
      const u = this.usage[q]!;
      w[q] = u === 0 ? 1 : allowOverlap ? Math.pow(base, u) : Number.POSITIVE_INFINITY;
    }
  }

  /** minorminer's progress measure: the fullest qubit's fill, then how many qubits are that full (lower is better). */
  fillStats(): [number, number] {
    let max = 0;
    let count = 0;
    for (const u of this.usage) {
      if (u > max) {
        max = u;
        count = 1;
      } else if (u === max) count++;
    }
    return [max, count];
  }

  /** Dijkstra from a chain: d(q) = weights of the path's qubits outside the chain, q's included. */
  private distancesFrom(chain: readonly number[], slot: number): void {
    const n = this.weight.length;
    if (this.dist.length <= slot) {
      this.dist.push(new Float64Array(n));
      this.parent.push(new Int32Array(n));
    }
    const dist = this.dist[slot]!;
    const parent = this.parent[slot]!;
    dist.fill(Number.POSITIVE_INFINITY);
    const heap = this.heap;
    heap.size = 0;
    for (const q of chain) {
      dist[q] = 0;
      parent[q] = -1;
      heap.push(0, q);
    }
    const { offsets, neighbors } = this.target;
    const w = this.weight;
    while (heap.size > 0) {
      const q = heap.pop();
      const d = heap.lastKey;
      if (d > dist[q]!) continue;
      for (let e = offsets[q]!; e < offsets[q + 1]!; e++) {
        const r = neighbors[e]!;
        const alt = d + w[r]!;
        if (alt < dist[r]!) {
          dist[r] = alt;
          parent[r] = q;
          heap.push(alt, r);
        }
      }
    }
  }

  /**
   * Steiner-like construction from a root: each neighbour's chain (in `order`) is joined from the
   * member of the growing chain closest to it, along the shortest path the search found.
   */
  private buildChain(root: number, order: readonly number[]): Set<number> {
    const w = this.weight;
    const chain = new Set<number>([root]);
    const members = [root];
    for (const slot of order) {
      const dist = this.dist[slot]!;
      const parent = this.parent[slot]!;
      let from = root;
      let bestJoin = Number.POSITIVE_INFINITY;
      for (const c of members) {
        const d = dist[c]! === 0 ? 0 : dist[c]! - w[c]!;
        if (d < bestJoin) {
          bestJoin = d;
          from = c;
        }
      }
      let q = dist[from]! > 0 ? parent[from]! : from;
      while (dist[q]! > 0) {
        if (!chain.has(q)) {
          chain.add(q);
          members.push(q);
        }
        q = parent[q]!;
      }
    }
    return chain;
  }

  /**
   * Places variable v's chain (CMR's step): a root minimising its own weight plus the distances to
   * every embedded neighbour's chain, then the shortest paths from the root back to those chains.
   * Returns false (and leaves v unplaced) when no finite-cost root exists.
   */
  place(v: number, allowOverlap: boolean): boolean {
    this.setWeights(allowOverlap);
    const placed = this.neighbors[v]!.filter((u) => this.chains[u]!.length > 0);
    const n = this.weight.length;
    const w = this.weight;
    let root = -1;
    if (placed.length === 0) {
      // no embedded neighbour: the cheapest qubit, ties broken at random
      let best = Number.POSITIVE_INFINITY;
      let ties = 0;
      for (let q = 0; q < n; q++) {
        if (w[q]! < best) {
          best = w[q]!;
          root = q;
          ties = 1;
        } else if (w[q]! === best && this.rng.float() * ++ties < 1) root = q;
      }
      if (!Number.isFinite(best)) return false;
      this.chains[v] = [root];
      this.usage[root]!++;
      return true;
    }
    placed.forEach((u, slot) => this.distancesFrom(this.chains[u]!, slot));
    // the K cheapest roots by estimated cost (ties in random order); each is built and the chain
    // of least actual weight wins (minorminer's find_short_chain does the same with all roots)
    const K = 8;
    const candidates: Array<[number, number, number]> = []; // cost, tiebreak, qubit
    for (let q = 0; q < n; q++) {
      let cost = 0;
      const worst = candidates.length === K ? candidates[K - 1]![0] : Number.POSITIVE_INFINITY;
      for (let slot = 0; slot < placed.length && cost <= worst; slot++) {
        const d = this.dist[slot]![q]!;
        cost += d === 0 ? w[q]! : d;
      }
      if (!Number.isFinite(cost) || cost > worst) continue;
      const entry: [number, number, number] = [cost, this.rng.float(), q];
      let i = candidates.length;
      candidates.push(entry);
      while (i > 0 && (candidates[i - 1]![0] > cost || (candidates[i - 1]![0] === cost && candidates[i - 1]![1] > entry[1]))) {
        candidates[i] = candidates[i - 1]!;
        i--;
      }
      candidates[i] = entry;
      if (candidates.length > K) candidates.pop();
    }
    if (candidates.length === 0) return false;
    const order = Array.from(this.rng.permutation(placed.length));
    let chain: Set<number> | undefined;
    let chainWeight = Number.POSITIVE_INFINITY;
    for (const [, , root] of candidates) {
      const built = this.buildChain(root, order);
      let weight = 0;
      for (const q of built) weight += w[q]!;
      if (weight < chainWeight) {
        chain = built;
        chainWeight = weight;
      }
    }
    if (!chain) return false;
    this.chains[v] = [...chain];
    for (const q of chain) this.usage[q]!++;
    return true;
  }
}

function checkOptions(o: FindEmbeddingOptions): Required<Omit<FindEmbeddingOptions, 'seed'>> & { seed: number | undefined } {
  const int = (name: string, v: number | undefined, def: number, min: number): number => {
    if (v === undefined) return def;
    if (!Number.isSafeInteger(v) || v < min) throw new ValidationError({ what: `${name} is ${describeValue(v)}`, why: `${name} is an integer >= ${min}`, fix: `Omit it for the default ${def}` });
    return v;
  };
  if (o.timeout !== undefined && !(o.timeout > 0)) throw new ValidationError({ what: `timeout is ${describeValue(o.timeout)}`, why: 'the timeout is a positive number of seconds', fix: 'Omit it for the default 1000' });
  return {
    seed: o.seed,
    tries: int('tries', o.tries, 10, 1),
    maxNoImprovement: int('maxNoImprovement', o.maxNoImprovement, 10, 1),
    chainlengthPatience: int('chainlengthPatience', o.chainlengthPatience, 10, 0),
    timeout: o.timeout ?? 1000,
  };
}

/**
 * Finds a minor embedding of `source` in `target` with the heuristic of Cai, Macready and Roy
 * (arXiv:1406.2741), the algorithm behind minorminer:
 *
 * 1. place variables one by one (breadth-first from a random variable), each chain rooted where
 *    the summed weighted distance to its embedded neighbours' chains is least, chains allowed to
 *    overlap; a qubit's weight grows exponentially with the chains using it;
 * 2. repeatedly tear out each chain (random order) and re-place it, until no qubit is shared, or
 *    `maxNoImprovement` rounds pass without less overlap (then restart, up to `tries`);
 * 3. once valid, keep re-placing chains on free qubits only, keeping a chain when it is no
 *    longer, until `chainlengthPatience` rounds pass without shorter chains;
 * 4. then shake the longest chains loose (re-placed with cheap overlap), repair as in step 2, and
 *    keep the result only when the chains got shorter, `chainlengthPatience` times in a row.
 *
 * Each placement builds chains from the 8 cheapest candidate roots and keeps the lightest.
 *
 * Seeded: the same seed gives the same embedding. Every embedding returned has passed
 * {@link embeddingProblems}; `embedding` is undefined when none was found in the budget.
 */
export function findEmbedding(source: SourceGraph, target: Pick<HardwareGraph, 'nodes' | 'edges'>, options: FindEmbeddingOptions = {}): FindEmbeddingResult {
  const o = checkOptions(options);
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  const n = source.numVariables;
  if (!Number.isSafeInteger(n) || n < 0) throw new ValidationError({ what: `numVariables is ${describeValue(n)}`, why: 'the source graph has a non-negative integer count of variables' });
  const neighbors: number[][] = Array.from({ length: n }, () => []);
  const seen = new Set<string>();
  for (const [a, b] of source.edges) {
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < n && b < n) || a === b) {
      throw new ValidationError({ what: `source edge ${describeValue([a, b])}`, why: `edges join two distinct variables of 0..${n - 1}` });
    }
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    if (seen.has(key)) continue;
    seen.add(key);
    neighbors[a]!.push(b);
    neighbors[b]!.push(a);
  }
  const dense = denseAdjacency(target);
  if (n > dense.nodes.length) {
    throw new ResourceError({ what: `the source has ${n} variables and the target ${dense.nodes.length} qubits`, why: 'each variable needs at least one qubit', fix: 'Use a larger QPU or a smaller problem' });
  }
  const rng = Rng.from(o.seed ?? Math.floor(Math.random() * 2 ** 31));
  const streams = rng.split(o.tries);
  let rounds = 0;
  for (let attempt = 1; attempt <= o.tries; attempt++) {
    if (elapsed() > o.timeout) return { embedding: undefined, triesUsed: attempt - 1, rounds, seconds: elapsed() };
    const stream = streams[attempt - 1]!;
    const e = new Embedder(dense, neighbors, stream);
    const order = bfsOrder(neighbors, stream);
    let ok = true;
    for (const v of order) if (!e.place(v, true)) ok = false;
    if (!ok) continue;
    // stage 2: remove overlap
    rounds += repairOverlap(e, n, stream, o.maxNoImprovement, () => elapsed() <= o.timeout);
    const best = e.overlap();
    if (best > 0) continue;
    // stage 3: shorten chains on free qubits
    const score = (): [number, number] => {
      let max = 0;
      let total = 0;
      for (const c of e.chains) {
        max = Math.max(max, c.length);
        total += c.length;
      }
      return [max, total];
    };
    let [bestMax, bestTotal] = score();
    let stale = 0;
    while (stale < o.chainlengthPatience && elapsed() <= o.timeout) {
      rounds++;
      for (const v of shuffled(n, stream)) {
        const old = e.chains[v]!;
        e.remove(v);
        if (!e.place(v, false) || e.chains[v]!.length > old.length) {
          e.remove(v);
          e.chains[v] = old;
          for (const q of old) e.usage[q]!++;
        }
      }
      const [max, total] = score();
      if (max < bestMax || (max === bestMax && total < bestTotal)) {
        bestMax = max;
        bestTotal = total;
        stale = 0;
      } else stale++;
    }
    {
      // stage 4: shake the longest chains loose (re-placed where overlap is cheap, so short), repair
      // the overlap as in stage 2, and keep the result only if the chains got shorter
      let patience = o.chainlengthPatience;
      while (patience > 0 && elapsed() <= o.timeout) {
        patience--;
        const snapshot = e.chains.map((c) => [...c]);
        const [max] = score();
        const longest = e.chains.map((c, v) => [c.length, v] as const).filter(([len]) => len === max).map(([, v]) => v);
        for (const v of longest) e.remove(v);
        e.baseOverride = 2;
        for (const v of longest) e.place(v, true);
        e.baseOverride = undefined;
        rounds += repairOverlap(e, n, stream, o.maxNoImprovement, () => elapsed() <= o.timeout);
        const fill = e.fillStats()[0];
        const [nmax, ntotal] = score();
        if (fill <= 1 && (nmax < bestMax || (nmax === bestMax && ntotal < bestTotal))) {
          bestMax = nmax;
          bestTotal = ntotal;
          patience = o.chainlengthPatience;
        } else {
          e.usage.fill(0);
          snapshot.forEach((c, v) => {
            e.chains[v] = c;
            for (const q of c) e.usage[q]!++;
          });
        }
      }
    }
    const embedding = e.chains.map((c) => c.map((q) => dense.nodes[q]!).sort((x, y) => x - y));
    const problems = embeddingProblems(embedding, source, target);
    if (problems.length > 0) throw new Error(`internal error: findEmbedding built an invalid embedding: ${problems[0]}`);
    return { embedding, triesUsed: attempt, rounds, seconds: elapsed() };
  }
  return { embedding: undefined, triesUsed: o.tries, rounds, seconds: elapsed() };
}

/**
 * Tears out and re-places every chain (random order) until no qubit is shared or
 * `maxNoImprovement` rounds pass without progress; progress is minorminer's measure (the fullest
 * qubit's fill, then how many qubits are that full), checked after every chain. Returns the rounds run.
 */
function repairOverlap(e: Embedder, n: number, stream: Rng, maxNoImprovement: number, inBudget: () => boolean): number {
  let [bestFill, bestCount] = e.fillStats();
  let stale = 0;
  let rounds = 0;
  while (bestFill > 1 && stale < maxNoImprovement && inBudget()) {
    rounds++;
    let improved = false;
    for (const v of shuffled(n, stream)) {
      e.remove(v);
      e.place(v, true);
      const [fill, count] = e.fillStats();
      if (fill < bestFill || (fill === bestFill && count < bestCount)) {
        bestFill = fill;
        bestCount = count;
        improved = true;
        if (fill <= 1) break;
      }
    }
    stale = improved ? 0 : stale + 1;
  }
  return rounds;
}

function shuffled(n: number, rng: Rng): number[] {
  return Array.from(rng.permutation(n));
}

/** Breadth-first order of the source graph from random roots (so each placed variable has placed neighbours). */
function bfsOrder(neighbors: readonly number[][], rng: Rng): number[] {
  const n = neighbors.length;
  const seen = new Uint8Array(n);
  const order: number[] = [];
  for (const start of shuffled(n, rng)) {
    if (seen[start]) continue;
    seen[start] = 1;
    order.push(start);
    for (let h = order.length - 1; h < order.length; h++) {
      for (const u of shuffled(neighbors[order[h]!]!.length, rng).map((k) => neighbors[order[h]!]![k]!)) {
        if (!seen[u]) {
          seen[u] = 1;
          order.push(u);
        }
      }
    }
  }
  return order;
}
