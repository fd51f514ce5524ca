import { type Annealer, type AnnealerMitigator, type AnnealerOptions, IsingModel, Rng, SampleSet, ValidationError, describeValue } from '@hqml/core';
import { AnnealerComposite, callSeed, checkNumReads } from './composite.js';

/** Options of {@link ControlNoiseComposite}; every field has a stated default. */
export interface ControlNoiseOptions {
  /** Standard deviation of the Gaussian error added to every h_i and J_ij, per read (default 0.05). */
  readonly sigma?: number;
  /** Overrides `sigma` for the fields h. */
  readonly sigmaH?: number;
  /** Overrides `sigma` for the couplings J. */
  readonly sigmaJ?: number;
  /** Static per-qubit field offsets (index = variable), the same for every read and call; default none. */
  readonly offsets?: readonly number[];
  /** Draws static offsets N(0, offsetSigma^2) per variable index from `offsetSeed` instead (default 0: none). */
  readonly offsetSigma?: number;
  /** Seed of the drawn static offsets (default 0): a fixed "device". */
  readonly offsetSeed?: number;
  /** Reads per noise realisation (default 1: every read sees its own error, like intrinsic control error). */
  readonly readsPerRealization?: number;
}

function nonNegative(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ValidationError({ what: `${name} is ${describeValue(v)}`, why: `${name} is a finite number >= 0`, fix: `Pass e.g. ${name}: 0.05` });
  }
  return v;
}

/** Validated control-noise options with defaults. */
export interface ResolvedControlNoise {
  readonly sigmaH: number;
  readonly sigmaJ: number;
  readonly offsets: readonly number[] | undefined;
  readonly offsetSigma: number;
  readonly offsetSeed: number;
  readonly readsPerRealization: number;
}

/** Validates control-noise options (before any sampling) and fills in the defaults. */
export function resolveControlNoise(options: ControlNoiseOptions = {}): ResolvedControlNoise {
  const sigma = nonNegative('sigma', options.sigma) ?? 0.05;
  const offsets = options.offsets;
  if (offsets !== undefined && (!Array.isArray(offsets) || offsets.some((v) => typeof v !== 'number' || !Number.isFinite(v)))) {
    throw new ValidationError({ what: `offsets is ${describeValue(offsets)}`, why: 'static offsets are a list of finite numbers, one per variable', fix: 'Pass e.g. offsets: [0.02, -0.01, 0]' });
  }
  const offsetSigma = nonNegative('offsetSigma', options.offsetSigma) ?? 0;
  if (offsets !== undefined && offsetSigma > 0) {
    throw new ValidationError({ what: 'both offsets and offsetSigma were given', why: 'static offsets are either listed or drawn', fix: 'Keep one of them' });
  }
  const offsetSeed = options.offsetSeed ?? 0;
  if (!Number.isSafeInteger(offsetSeed)) throw new ValidationError({ what: `offsetSeed is ${describeValue(offsetSeed)}`, why: 'seeds are integers' });
  const rpr = options.readsPerRealization ?? 1;
  if (!Number.isSafeInteger(rpr) || rpr < 1) throw new ValidationError({ what: `readsPerRealization is ${describeValue(rpr)}`, why: 'it is a positive integer', fix: 'Pass e.g. readsPerRealization: 1' });
  return Object.freeze({
    sigmaH: nonNegative('sigmaH', options.sigmaH) ?? sigma,
    sigmaJ: nonNegative('sigmaJ', options.sigmaJ) ?? sigma,
    offsets: offsets === undefined ? undefined : Object.freeze([...offsets]),
    offsetSigma,
    offsetSeed,
    readsPerRealization: rpr,
  });
}

/**
 * Simulated hardware noise for annealers, to measure mitigation against: every read samples a
 * perturbed problem, `h_i + o_i + sigmaH N(0,1)` and `J_ij + sigmaJ N(0,1)` on the problem's
 * couplers (D-Wave's intrinsic control error, redrawn per read), where `o_i` are static per-qubit
 * offsets (listed, or drawn once per variable index from `offsetSeed`: the same "device" for every
 * call). Samples come back with energies of the caller's (unperturbed) model, so an annealer that
 * solved the perturbed problem perfectly still makes the errors hardware would.
 *
 * This is a noise source, not a mitigator; it has the mitigator shape so that a config can put it
 * innermost: `mitigators: [mitigation.control-noise, mitigation.repetition]`.
 */
export class ControlNoiseComposite extends AnnealerComposite {
  readonly noise: ResolvedControlNoise;

  constructor(child: Annealer, options: ControlNoiseOptions = {}) {
    super('mitigation.control-noise', child);
    this.noise = resolveControlNoise(options);
  }

  protected ownProperties(): Readonly<Record<string, unknown>> {
    return { composite: 'mitigation.control-noise', parameters: ['numReads', 'seed'], ...this.noise };
  }

  /** The static offset of each of n variables. */
  staticOffsets(n: number): Float64Array {
    const o = this.noise;
    if (o.offsets !== undefined) {
      if (o.offsets.length < n) {
        throw new ValidationError({ what: `control noise has ${o.offsets.length} static offsets`, why: `the model has ${n} variables`, fix: `List ${n} offsets, or use offsetSigma` });
      }
      return Float64Array.from(o.offsets.slice(0, n));
    }
    if (o.offsetSigma === 0) return new Float64Array(n);
    const rng = Rng.from(`control-noise-offsets:${o.offsetSeed}`);
    return Float64Array.from({ length: n }, () => o.offsetSigma * rng.normal());
  }

  /** One realisation of the perturbed model. */
  perturb(model: IsingModel, offsets: Float64Array, rng: Rng): IsingModel {
    const { sigmaH, sigmaJ } = this.noise;
    return IsingModel.from({
      h: Array.from(model.linear, (v, i) => v + offsets[i]! + (sigmaH > 0 ? sigmaH * rng.normal() : 0)),
      J: model.interactions().map((t) => [t.i, t.j, t.value + (sigmaJ > 0 ? sigmaJ * rng.normal() : 0)] as const),
      offset: model.offset,
      numVariables: model.numVariables,
      labels: model.labels,
    });
  }

  protected async sampleIsing(model: IsingModel, options: AnnealerOptions): Promise<SampleSet> {
    const t0 = performance.now();
    const numReads = checkNumReads(options.numReads) ?? 1;
    const seed = callSeed(options, undefined);
    const rng = Rng.from(`mitigation.control-noise:${seed}`);
    const offsets = this.staticOffsets(model.numVariables);
    const per = this.noise.readsPerRealization;
    const rows: Int8Array[] = [];
    const occ: Int32Array[] = [];
    let childInfo: unknown;
    for (let done = 0; done < numReads; done += per) {
      const reads = Math.min(per, numReads - done);
      const perturbed = this.perturb(model, offsets, rng);
      const ss = await this.child.sample(perturbed, { ...options, numReads: reads, seed: rng.uint32() });
      rows.push(ss.samples);
      occ.push(ss.numOccurrences);
      childInfo ??= ss.info;
    }
    const samples = new Int8Array(rows.reduce((s, r) => s + r.length, 0));
    const occurrences = new Int32Array(occ.reduce((s, r) => s + r.length, 0));
    let a = 0, b = 0;
    rows.forEach((r, k) => {
      samples.set(r, a);
      occurrences.set(occ[k]!, b);
      a += r.length;
      b += occ[k]!.length;
    });
    const info = { solver: this.id, seed, realizations: rows.length, ...this.noise, firstChildInfo: childInfo, timing: { wallSeconds: (performance.now() - t0) / 1000 } };
    return SampleSet.fromModel(model, samples, { numOccurrences: occurrences, info }).aggregate();
  }
}

/** `mitigation.control-noise` in the mitigator shape: `wrap(annealer)` returns the noisy composite. */
export class ControlNoiseMitigator implements AnnealerMitigator {
  readonly id = 'mitigation.control-noise';
  readonly target = 'annealer' as const;
  readonly options: ResolvedControlNoise;

  constructor(options: ControlNoiseOptions = {}) {
    this.options = resolveControlNoise(options);
  }

  wrap(inner: Annealer): ControlNoiseComposite {
    const o = this.options;
    return new ControlNoiseComposite(inner, { sigmaH: o.sigmaH, sigmaJ: o.sigmaJ, offsetSigma: o.offsetSigma, offsetSeed: o.offsetSeed, readsPerRealization: o.readsPerRealization, ...(o.offsets !== undefined && { offsets: o.offsets }) });
  }
}
