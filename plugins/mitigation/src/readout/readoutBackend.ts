import {
  type BackendCapabilities, describeValue, drawShots, type Execution, type ExpectationWithVjp, type GradientMethod, type GradientProvider, isGradientProvider, type Observable, type QuantumBackend, type ReadoutError, Rng, ValidationError, type VjpResult,
} from '@hqml/core';
import { mitigatedCapabilities } from '../capabilities.js';
import { calibrateReadout } from './calibration.js';
import { applyInverseConfusion, checkReadoutError, mitigateCounts } from './confusion.js';
import { mitigatedObservable } from './mitigatedObservable.js';
import { projectRows } from './projection.js';

/** Options of readout mitigation; every field has a stated default. */
export interface ReadoutMitigationOptions {
  /**
   * The readout errors, one for all qubits or one per qubit (index = qubit). Default: measured
   * by calibration circuits on the wrapped backend, once per qubit count.
   */
  readonly confusion?: ReadoutError | readonly ReadoutError[];
  /** Shots per calibration circuit (default 0: exact probabilities from the wrapped backend). */
  readonly calibrationShots?: number;
  /** Seed of the calibration shots and of resampling (default 0). */
  readonly seed?: number;
  /**
   * Project mitigated probabilities onto the nearest distribution (default true, so that
   * `probabilities` returns a distribution as the contract says); false returns the
   * quasi-probabilities. Resampled shots are always drawn from the projection.
   */
  readonly project?: boolean;
}

/** Validates readout-mitigation options (before any circuit runs) and fills in the defaults. */
export function checkReadoutOptions(options: ReadoutMitigationOptions): { confusion: ReadoutError | readonly ReadoutError[] | undefined; calibrationShots: number; seed: number; project: boolean } {
  const c = options.confusion;
  if (c !== undefined) {
    if (Array.isArray(c)) (c as readonly ReadoutError[]).forEach((e, q) => checkReadoutError(e, `confusion[${q}]`));
    else checkReadoutError(c as ReadoutError, 'confusion');
  }
  const calibrationShots = options.calibrationShots ?? 0;
  if (!Number.isInteger(calibrationShots) || calibrationShots < 0) {
    throw new ValidationError({ what: `calibrationShots ${describeValue(options.calibrationShots)}`, why: 'it is a non-negative integer (0: exact probabilities)', fix: 'Pass e.g. calibrationShots: 10000' });
  }
  const seed = options.seed ?? 0;
  if (!Number.isSafeInteger(seed)) throw new ValidationError({ what: `seed ${describeValue(options.seed)}`, why: 'seeds are integers' });
  return { confusion: c, calibrationShots, seed, project: options.project ?? true };
}

/**
 * A `QuantumBackend` with its readout error inverted (Mitiq's `rem`, tensored):
 * - `expectation`: one inner call on the observable whose noisy expectation is the noise-free
 *   one (see `mitigatedObservable`), so it is exact when the confusion is known;
 * - `probabilities`: the tensored inverse, then (by default) the nearest distribution;
 * - `sample`: the inner shots' frequencies, inverted and projected, then resampled with the seed
 *   (as Mitiq's `mitigate_measurements`: the output shots are random draws).
 * Where the inner backend has VJPs they are taken of the same mitigated observable.
 */
export class ReadoutBackend implements QuantumBackend {
  readonly id: string;
  readonly capabilities: BackendCapabilities;
  private readonly given: readonly ReadoutError[] | ReadoutError | undefined;
  private readonly calibrated = new Map<number, readonly ReadoutError[]>();
  private readonly calibrationShots: number;
  private readonly seed: number;
  private readonly project: boolean;

  constructor(
    readonly inner: QuantumBackend,
    options: ReadoutMitigationOptions = {},
  ) {
    this.id = `mitigation.readout(${inner.id})`;
    this.capabilities = mitigatedCapabilities(inner.capabilities, 'readout');
    const o = checkReadoutOptions(options);
    this.given = o.confusion;
    this.calibrationShots = o.calibrationShots;
    this.seed = o.seed;
    this.project = o.project;
  }

  /** The readout errors of qubits 0..n-1: given, or calibrated on the inner backend (once per n). */
  errors(numQubits: number): readonly ReadoutError[] {
    const g = this.given;
    if (g !== undefined) {
      if (!Array.isArray(g)) return Array.from({ length: numQubits }, () => g as ReadoutError);
      const list = g as readonly ReadoutError[];
      if (list.length < numQubits) {
        throw new ValidationError({ what: `readout mitigation has confusion for ${list.length} qubits`, why: `the circuit has ${numQubits}`, fix: 'Give one readout error per qubit, or one for all' });
      }
      return list.slice(0, numQubits);
    }
    let e = this.calibrated.get(numQubits);
    if (!e) {
      e = calibrateReadout(this.inner, numQubits, { shots: this.calibrationShots, seed: this.seed });
      e.forEach((x, q) => checkReadoutError(x, `calibrated readout error of qubit ${q}`));
      this.calibrated.set(numQubits, e);
    }
    return e;
  }

  protected observables(execution: Execution, observables: readonly Observable[]): Observable[] {
    const errs = this.errors(execution.circuit.numQubits);
    return observables.map((o) => mitigatedObservable(o, (q) => errs[q] ?? { p01: 0, p10: 0 }));
  }

  expectation(execution: Execution, observables: readonly Observable[]): Float64Array {
    return this.inner.expectation(execution, this.observables(execution, observables));
  }

  probabilities(execution: Execution, qubits?: readonly number[]): Float64Array {
    const n = execution.circuit.numQubits;
    const qs = qubits ?? Array.from({ length: n }, (_, q) => q);
    const raw = this.inner.probabilities(execution, qubits);
    const errs = this.errors(n);
    const rows = raw.length / 2 ** qs.length;
    const quasi = applyInverseConfusion(raw, rows, qs.map((q) => errs[q] ?? { p01: 0, p10: 0 }));
    return this.project ? projectRows(quasi, rows) : quasi;
  }

  sample(execution: Execution, shots: number, seed: number): Uint32Array {
    const n = execution.circuit.numQubits;
    const raw = this.inner.sample(execution, shots, seed);
    const rows = raw.length / shots;
    const p = projectRows(mitigateCounts(raw, rows, this.errors(n)), rows);
    return drawShots(p, rows, 2 ** n, shots, Rng.from(`readout-resample:${seed}:${this.seed}`));
  }

  dispose(): void {
    this.inner.dispose?.();
  }
}

/** {@link ReadoutBackend} over a backend with VJPs: the VJP of the mitigated observable. */
export class ReadoutGradientBackend extends ReadoutBackend implements GradientProvider {
  readonly gradientMethods: readonly GradientMethod[];
  declare readonly inner: QuantumBackend & GradientProvider;

  constructor(inner: QuantumBackend & GradientProvider, options: ReadoutMitigationOptions = {}) {
    super(inner, options);
    this.gradientMethods = inner.gradientMethods;
  }

  vjp(execution: Execution, observables: readonly Observable[], upstream: ArrayLike<number>, method?: GradientMethod): VjpResult {
    return this.inner.vjp(execution, this.observables(execution, observables), upstream, method);
  }

  expectationWithVjp(execution: Execution, observables: readonly Observable[], method?: GradientMethod): ExpectationWithVjp {
    const obs = this.observables(execution, observables);
    const inner = this.inner;
    if (inner.expectationWithVjp) return inner.expectationWithVjp(execution, obs, method);
    return { value: inner.expectation(execution, obs), vjp: (up) => inner.vjp(execution, obs, up, method) };
  }
}

/** Wraps `inner` for readout mitigation, keeping the gradient ability where `inner` has it. */
export function readoutBackend(inner: QuantumBackend, options: ReadoutMitigationOptions = {}): ReadoutBackend {
  return isGradientProvider(inner) ? new ReadoutGradientBackend(inner, options) : new ReadoutBackend(inner, options);
}
