import { type AnnealerOptions, IsingAnnealer, type IsingModel, ResourceError, SampleSet } from '@hqml/core';
import { checkModel } from './kernelAnnealer.js';
import { positiveInt } from './options.js';

/** Options of {@link ExactSolver}. */
export interface ExactSolverOptions extends AnnealerOptions {
  /** Return the `numReads` lowest states (the lowest-k spectrum); absent: the full spectrum. */
  readonly numReads?: number;
}

/** Most variables the full spectrum is returned for (2^20 rows). */
export const FULL_SPECTRUM_MAX_VARIABLES = 20;

/**
 * Enumerates all 2^n states in Gray-code order, keeping the energies of all of them or of the
 * lowest `k` (a bounded max-heap). Each step flips one spin, so it costs O(degree) rather than
 * O(n + m). Returns the number of states visited.
 */
export function enumerateGray(model: IsingModel, visit: (energy: number, code: number) => void): number {
  const n = model.numVariables;
  const { offsets, neighbors, weights } = model.adjacency();
  const h = model.linear;
  const s = new Int8Array(n).fill(-1);
  const f = new Float64Array(n);
  let e = model.offset;
  for (let i = 0; i < n; i++) {
    let acc = h[i]!;
    let pair = 0;
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      acc -= weights[k]!;
      pair -= weights[k]!;
    }
    f[i] = acc;
    e -= h[i]! + pair / 2;
  }
  let code = 0;
  visit(e, code);
  const total = 2 ** n;
  for (let t = 1; t < total; t++) {
    const b = 31 - Math.clz32(t & -t);
    const sb = s[b]!;
    e -= 2 * sb * f[b]!;
    const c = -2 * sb;
    for (let k = offsets[b]!, end = offsets[b + 1]!; k < end; k++) f[neighbors[k]!]! += c * weights[k]!;
    s[b] = -sb;
    code ^= 1 << b;
    visit(e, code);
  }
  return total;
}

/**
 * The exact solver (dimod's ExactSolver): exhaustive enumeration in Gray-code order. Without
 * `numReads` it returns the full spectrum (up to 20 variables); with `numReads: k` the k lowest
 * states (up to `maxVariables`, default 26). Energies are recomputed by the model. Near-ties
 * at the k-th place (within float rounding) may be broken either way.
 */
export class ExactSolver extends IsingAnnealer<ExactSolverOptions> {
  readonly id = 'anneal.exact';
  readonly maxVariables: number;
  readonly properties: Readonly<Record<string, unknown>>;

  constructor(options: { maxVariables?: number } = {}) {
    super();
    const max = positiveInt('maxVariables', options.maxVariables) ?? 26;
    if (max > 30) throw new ResourceError({ what: `maxVariables is ${max}`, why: 'the enumeration indexes states with 31-bit integers and would take hours beyond 30 variables', fix: 'Use maxVariables <= 30' });
    this.maxVariables = max;
    this.properties = Object.freeze({ parameters: ['numReads'], maxVariables: max, fullSpectrumMaxVariables: FULL_SPECTRUM_MAX_VARIABLES });
  }

  protected async sampleIsing(model: IsingModel, options: ExactSolverOptions): Promise<SampleSet> {
    const t0 = performance.now();
    checkModel(model, this.id);
    const n = model.numVariables;
    const k = positiveInt('numReads', options.numReads, 'Pass numReads >= 1 (the number of lowest states to return)');
    if (n > this.maxVariables) {
      throw new ResourceError({ what: `anneal.exact got ${n} variables`, why: `exhaustive enumeration visits 2^n states and is limited to ${this.maxVariables} variables`, fix: 'Use a heuristic solver (anneal.sa, anneal.pt, anneal.sqa) for larger models' });
    }
    if (k === undefined && n > FULL_SPECTRUM_MAX_VARIABLES) {
      throw new ResourceError({ what: `the full spectrum of ${n} variables has 2^${n} states`, why: `full spectra are returned up to ${FULL_SPECTRUM_MAX_VARIABLES} variables`, fix: 'Pass numReads: k to get the k lowest states' });
    }
    const total = 2 ** n;
    let codes: Int32Array;
    if (k === undefined || k >= total) {
      codes = new Int32Array(total);
      let at = 0;
      enumerateGray(model, (_e, code) => {
        codes[at++] = code;
      });
    } else {
      // A max-heap of the k lowest energies seen so far.
      const he = new Float64Array(k);
      const hc = new Int32Array(k);
      let size = 0;
      enumerateGray(model, (e, code) => {
        if (size < k) {
          let i = size++;
          while (i > 0) {
            const p = (i - 1) >> 1;
            if (he[p]! >= e) break;
            he[i] = he[p]!;
            hc[i] = hc[p]!;
            i = p;
          }
          he[i] = e;
          hc[i] = code;
        } else if (e < he[0]!) {
          let i = 0;
          for (;;) {
            const l = 2 * i + 1;
            if (l >= k) break;
            const r = l + 1;
            const c = r < k && he[r]! > he[l]! ? r : l;
            if (he[c]! <= e) break;
            he[i] = he[c]!;
            hc[i] = hc[c]!;
            i = c;
          }
          he[i] = e;
          hc[i] = code;
        }
      });
      codes = hc.slice(0, size);
    }
    const samples = new Int8Array(codes.length * n);
    for (let r = 0; r < codes.length; r++) {
      const c = codes[r]!;
      for (let i = 0; i < n; i++) samples[r * n + i] = (c >> i) & 1 ? 1 : -1;
    }
    const searchSeconds = (performance.now() - t0) / 1000;
    const set = SampleSet.fromModel(model, samples);
    return set.withInfo({
      solver: this.id,
      numStates: total,
      spectrum: k === undefined || k >= total ? 'full' : 'lowest',
      parameters: { ...(k !== undefined && { numReads: k }) },
      timing: { wallSeconds: (performance.now() - t0) / 1000, sampleSeconds: searchSeconds },
    });
  }
}
