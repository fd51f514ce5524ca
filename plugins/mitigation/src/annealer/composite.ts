import { type Annealer, type AnnealerOptions, IsingAnnealer, type SampleSet, ValidationError, describeValue } from '@hqml/core';

/**
 * The base of annealer composites (dimod's `ComposedSampler`): an `Annealer` that wraps one
 * child, nests the child's properties under `child`, lists it in `children`, and passes
 * `dispose` down. Subclasses implement `sampleIsing`; core's `IsingAnnealer` base gives `sample`
 * for both forms (a QUBO through its Ising form, answered in BINARY with QUBO energies; an empty
 * model as an empty set).
 *
 * Composites never change the caller's model: models are immutable and every transformed model
 * is a new one.
 */
export abstract class AnnealerComposite extends IsingAnnealer implements Annealer {
  readonly id: string;
  readonly children: readonly Annealer[];

  protected constructor(
    /** The composite's own name, e.g. `mitigation.spin-reversal`. */
    name: string,
    readonly child: Annealer,
  ) {
    super();
    if (typeof child?.sample !== 'function') {
      throw new ValidationError({ what: `${name} got ${describeValue(child)} as its child`, why: 'a composite wraps an annealer (an object with sample(model, options))', fix: 'Pass an annealer, e.g. a registered anneal.sa' });
    }
    this.id = `${name}(${child.id})`;
    this.children = Object.freeze([child]);
  }

  /** The composite's own properties (parameters it takes). */
  protected abstract ownProperties(): Readonly<Record<string, unknown>>;

  get properties(): Readonly<Record<string, unknown>> {
    return Object.freeze({ ...this.ownProperties(), child: this.child.properties ?? {} });
  }

  async dispose(): Promise<void> {
    await this.child.dispose?.();
  }
}

/** The seed of one composite call: the caller's, else the composite's own, else a fresh one (reported). */
export function callSeed(options: AnnealerOptions, own: number | undefined): number {
  const s = options.seed ?? own;
  if (s === undefined) return Math.floor(Math.random() * 2 ** 32);
  if (typeof s !== 'number' || !Number.isSafeInteger(s)) {
    throw new ValidationError({ what: `seed is ${describeValue(s)}`, why: 'seeds are integers so that runs can be repeated', fix: 'Pass an integer seed such as 1234' });
  }
  return s;
}

/** Checks `numReads` the way every annealer does (a positive integer, or absent). */
export function checkNumReads(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
    throw new ValidationError({ what: `numReads is ${describeValue(v)}`, why: 'numReads must be a positive integer', fix: 'Pass numReads >= 1' });
  }
  return v;
}

/** Expands an aggregated SampleSet into one row per read (occurrences repeated), for per-read decoding. */
export function expandReads(ss: SampleSet): { rows: Int8Array; count: number } {
  const n = ss.numVariables;
  const occ = ss.numOccurrences;
  const samples = ss.samples;
  const count = occ.reduce((s, v) => s + v, 0);
  const rows = new Int8Array(count * n);
  let dst = 0;
  for (let r = 0; r < occ.length; r++) {
    for (let k = 0; k < occ[r]!; k++) rows.set(samples.subarray(r * n, (r + 1) * n), (dst++) * n);
  }
  return { rows, count };
}
