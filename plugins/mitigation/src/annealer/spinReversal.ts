import { type Annealer, type AnnealerMitigator, type AnnealerOptions, IsingModel, Rng, SampleSet, ValidationError, describeValue } from '@hqml/core';
import { AnnealerComposite, callSeed, checkNumReads } from './composite.js';

/** Options of {@link SpinReversalComposite}. */
export interface SpinReversalOptions {
  /**
   * Number of random transforms per call (default 1, dwave-preprocessing's; 0 passes the
   * problem through unchanged). Ignored when `transforms` is given.
   */
  readonly numTransforms?: number;
  /** Explicit transforms: k rows of n flags (true / 1 = flip that spin), dwave's `srts`. */
  readonly transforms?: readonly (readonly (boolean | number)[])[];
  /** Seed of the random transforms when a call passes none (default: the call's seed, else random). */
  readonly seed?: number;
}

/** Applies a gauge: h_i -> g_i h_i, J_ij -> g_i g_j J_ij (g = -1 where a spin is flipped). Returns a new model. */
export function flipModel(model: IsingModel, flip: readonly boolean[]): IsingModel {
  const g = (i: number): number => (flip[i] ? -1 : 1);
  return IsingModel.from({
    h: Array.from(model.linear, (v, i) => g(i) * v),
    J: model.interactions().map((t) => [t.i, t.j, g(t.i) * g(t.j) * t.value] as const),
    offset: model.offset,
    numVariables: model.numVariables,
    labels: model.labels,
  });
}

function flipRows(rows: Int8Array, n: number, flip: readonly boolean[]): void {
  for (let k = 0; k < rows.length; k++) if (flip[k % n]) rows[k] = -rows[k]! as -1 | 1;
}

/** Validates spin-reversal options (before any sampling) and fills in the defaults. */
export function checkSpinReversalOptions(options: SpinReversalOptions): { numTransforms: number; transforms: readonly (readonly boolean[])[] | undefined; seed: number | undefined } {
  const k = options.numTransforms ?? 1;
  if (!Number.isSafeInteger(k) || k < 0) {
    throw new ValidationError({ what: `numTransforms is ${describeValue(options.numTransforms)}`, why: 'it is a non-negative integer (0 passes the problem through)', fix: 'Pass e.g. numTransforms: 8' });
  }
  let transforms: boolean[][] | undefined;
  if (options.transforms !== undefined) {
    if (!Array.isArray(options.transforms) || options.transforms.length === 0) {
      throw new ValidationError({ what: `transforms is ${describeValue(options.transforms)}`, why: 'explicit transforms are a non-empty list of rows of flip flags', fix: 'Pass e.g. [[true, false], [false, false]]' });
    }
    transforms = options.transforms.map((row, r) => {
      if (!Array.isArray(row)) throw new ValidationError({ what: `transforms[${r}] is ${describeValue(row)}`, why: 'each transform is a row of flip flags' });
      return row.map((v, i) => {
        if (v !== true && v !== false && v !== 0 && v !== 1) throw new ValidationError({ what: `transforms[${r}][${i}] is ${describeValue(v)}`, why: 'flip flags are true/false or 1/0' });
        return v === true || v === 1;
      });
    });
  }
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) throw new ValidationError({ what: `seed is ${describeValue(options.seed)}`, why: 'seeds are integers' });
  return { numTransforms: k, transforms, seed: options.seed };
}

/**
 * Spin-reversal (gauge) transforms, after dwave-preprocessing's
 * `SpinReversalTransformComposite`: for each transform, flip a random subset of spins in the
 * model (h_i -> -h_i and J_ij -> -J_ij on edges with one flipped end), sample with the child,
 * undo the flips in the samples, and concatenate the results. Energies are unchanged (they are
 * recomputed on the caller's model). A transform averages out biases of the hardware that do not
 * flip with the problem, such as static field offsets.
 *
 * Differences from dwave-preprocessing, on purpose: `numReads` is the total over all transforms
 * (split as evenly as possible; a transform with no read is skipped), so a call costs the reads
 * it asks for and the Annealer contract's read count holds; without `numReads` each transform
 * takes the child's default. Initial states (`initialStates`) are flipped with the model, so they
 * mean the same state (dwave leaves them unflipped).
 */
export class SpinReversalComposite extends AnnealerComposite {
  readonly numTransforms: number;
  readonly transforms: readonly (readonly boolean[])[] | undefined;
  readonly seed: number | undefined;

  constructor(child: Annealer, options: SpinReversalOptions = {}) {
    super('mitigation.spin-reversal', child);
    const o = checkSpinReversalOptions(options);
    this.numTransforms = o.numTransforms;
    this.transforms = o.transforms;
    this.seed = o.seed;
  }

  protected ownProperties(): Readonly<Record<string, unknown>> {
    return { composite: 'mitigation.spin-reversal', parameters: ['numReads', 'seed'], numTransforms: this.numTransforms, explicitTransforms: this.transforms?.length ?? 0 };
  }

  protected async sampleIsing(model: IsingModel, options: AnnealerOptions): Promise<SampleSet> {
    const t0 = performance.now();
    const n = model.numVariables;
    const numReads = checkNumReads(options.numReads);
    const seed = callSeed(options, this.seed);
    // A string key: small integer seeds give correlated first draws in xoroshiro128+.
    const rng = Rng.from(`mitigation.spin-reversal:${seed}`);
    let flips: (readonly boolean[])[];
    if (this.transforms) {
      const bad = this.transforms.findIndex((row) => row.length !== n);
      if (bad >= 0) throw new ValidationError({ what: `transform ${bad} has ${this.transforms[bad]!.length} flags`, why: `the model has ${n} variables`, fix: `Give ${n} flags per transform` });
      flips = [...this.transforms];
    } else {
      if (this.numTransforms === 0) return this.child.sample(model, options);
      flips = Array.from({ length: this.numTransforms }, () => Array.from({ length: n }, () => rng.float() < 0.5));
    }
    const k = flips.length;
    const reads = flips.map((_, t) => (numReads === undefined ? undefined : Math.floor(numReads / k) + (t < numReads % k ? 1 : 0)));
    const seeds = flips.map(() => rng.uint32());
    const rowsOut: Int8Array[] = [];
    const occOut: Int32Array[] = [];
    const childInfo: unknown[] = [];
    for (let t = 0; t < k; t++) {
      if (reads[t] === 0) continue;
      const flip = flips[t]!;
      const r = reads[t];
      const init = (options as { initialStates?: unknown }).initialStates;
      const childOptions: AnnealerOptions = {
        ...options,
        seed: seeds[t]!,
        ...(r !== undefined && { numReads: r }),
        ...(init !== undefined && { initialStates: flipInitialStates(init, n, flip) }),
      };
      const ss = await this.child.sample(flipModel(model, flip), childOptions);
      const rows = ss.samples;
      flipRows(rows, n, flip);
      rowsOut.push(rows);
      occOut.push(ss.numOccurrences);
      childInfo.push(ss.info);
    }
    const total = rowsOut.reduce((s, r) => s + r.length, 0);
    const samples = new Int8Array(total);
    const occ = new Int32Array(total / Math.max(1, n));
    let at = 0, atRow = 0;
    rowsOut.forEach((r, i) => {
      samples.set(r, at);
      occ.set(occOut[i]!, atRow);
      at += r.length;
      atRow += occOut[i]!.length;
    });
    return SampleSet.fromModel(model, samples, {
      numOccurrences: occ,
      info: { solver: this.id, seed, transforms: childInfo.length, childInfo, timing: { wallSeconds: (performance.now() - t0) / 1000 } },
    });
  }
}

/** Flips initial states (rows, a flat array or a SPIN SampleSet) with the transform; other forms go to the child unchanged, which rejects them. */
function flipInitialStates(init: unknown, n: number, flip: readonly boolean[]): unknown {
  if (init instanceof SampleSet) {
    const rows = init.samples;
    flipRows(rows, n, flip);
    return Array.from({ length: rows.length / n }, (_, r) => Array.from(rows.subarray(r * n, (r + 1) * n)));
  }
  if (Array.isArray(init) && init.length > 0 && Array.isArray(init[0])) return (init as number[][]).map((row) => row.map((s, i) => (flip[i] ? -s : s)));
  if (Array.isArray(init) || ArrayBuffer.isView(init)) return Array.from(init as ArrayLike<number>, (s, k) => (flip[k % n] ? -s : s));
  return init;
}

/** `mitigation.spin-reversal` as a mitigator: `wrap(annealer)` returns the composite. */
export class SpinReversalMitigator implements AnnealerMitigator {
  readonly id = 'mitigation.spin-reversal';
  readonly target = 'annealer' as const;

  constructor(readonly options: SpinReversalOptions = {}) {
    checkSpinReversalOptions(options);
  }

  wrap(inner: Annealer): SpinReversalComposite {
    return new SpinReversalComposite(inner, this.options);
  }
}
