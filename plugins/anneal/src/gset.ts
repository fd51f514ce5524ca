import { IsingModel, ValidationError, describeValue } from '@hqml/core';

/** A G-set graph read as a Max-Cut Ising problem. */
export interface GsetProblem {
  /** J_ij = w_ij, h = 0, so E(s) = sum over edges of w_ij s_i s_j. */
  readonly model: IsingModel;
  readonly numVertices: number;
  readonly numEdges: number;
  /** W, the sum of all edge weights: cut(s) = (W - E(s)) / 2. */
  readonly totalWeight: number;
}

function bad(what: string, why: string, fix: string): never {
  throw new ValidationError({ what, why, fix });
}

/**
 * Parses a G-set file (first line `N M`, then M lines `i j w`, 1-based vertices) into a Max-Cut
 * Ising model. Self-loops, duplicate edges (in either orientation), vertices outside 1..N,
 * non-finite weights and a wrong edge count are ValidationErrors naming the line.
 */
export function parseGset(text: string, source = 'G-set input'): GsetProblem {
  const lines = text.split(/\r?\n/);
  let at = 0;
  const nextLine = (): { tokens: string[]; line: number } | undefined => {
    while (at < lines.length) {
      const raw = lines[at++]!.trim();
      if (raw !== '' && !raw.startsWith('#')) return { tokens: raw.split(/\s+/), line: at };
    }
    return undefined;
  };
  const head = nextLine();
  if (!head) bad(`${source} is empty`, 'a G-set file starts with a line "N M"', 'Pass a G-set graph file');
  const [nText, mText] = head.tokens;
  const N = Number(nText);
  const M = Number(mText);
  if (head.tokens.length < 2 || !Number.isSafeInteger(N) || N < 1 || !Number.isSafeInteger(M) || M < 0) {
    bad(`${source} line ${head.line}: header ${describeValue(head.tokens.join(' '))}`, 'the first line must be "N M": a positive vertex count and a non-negative edge count', 'Check that the file is in G-set format');
  }
  const quadratic: Array<[number, number, number]> = [];
  const seen = new Set<number>();
  let W = 0;
  for (let e = 0; e < M; e++) {
    const row = nextLine();
    if (!row) bad(`${source} has ${e} edges but its header says ${M}`, 'the header counts the edge lines', 'Fix the header or the missing lines');
    const [a, b, c] = row.tokens;
    const i = Number(a);
    const j = Number(b);
    const w = c === undefined ? NaN : Number(c);
    const where = `${source} line ${row.line} (${describeValue(row.tokens.join(' '))})`;
    if (row.tokens.length !== 3) bad(`${where} has ${row.tokens.length} fields`, 'edge lines are "i j w"', 'Write one edge per line: two vertices and a weight');
    for (const v of [i, j]) {
      if (!Number.isInteger(v) || v < 1 || v > N) bad(`${where}: vertex ${describeValue(v)} is out of range`, `vertices are numbered 1..${N}`, 'Fix the vertex number or the header');
    }
    if (!Number.isFinite(w)) bad(`${where}: weight is ${describeValue(w)}`, 'edge weights must be finite numbers', 'Fix the weight');
    if (i === j) bad(`${where} is a self-loop`, 'Max-Cut has no self-loops (they are never cut)', 'Remove the line');
    const key = Math.min(i, j) * (N + 1) + Math.max(i, j);
    if (seen.has(key)) bad(`${where} repeats the edge ${Math.min(i, j)}-${Math.max(i, j)}`, 'G-set lists each undirected edge once', 'Remove the duplicate or merge the weights');
    seen.add(key);
    quadratic.push([i - 1, j - 1, w]);
    W += w;
  }
  const extra = nextLine();
  if (extra) bad(`${source} line ${extra.line}: more edges than the header's ${M}`, 'the header counts the edge lines', 'Fix the header or remove the extra lines');
  const model = new IsingModel({ quadratic, numVariables: N });
  return { model, numVertices: N, numEdges: M, totalWeight: W };
}

/** The cut of a spin assignment: (W - E(s)) / 2. */
export function cutValue(problem: GsetProblem, energy: number): number {
  return (problem.totalWeight - energy) / 2;
}
