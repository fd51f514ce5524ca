import { ValidationError, describeValue } from '@hqml/core';
import { checkAnnealSchedule, checkHGainSchedule } from './annealSchedule.js';

/** A control term of a learned schedule (the shape of annealer-embedding's `ControlTerm`). */
export interface LearnedTerm {
  readonly kind: 'X' | 'Z' | 'ZZ';
  readonly qubits: readonly number[];
}

/** A learned schedule: `steps` piecewise-constant slices of amplitudes f_j for each term (step-major). */
export interface LearnedSchedule {
  readonly numQubits: number;
  readonly terms: readonly LearnedTerm[];
  readonly steps: number;
  /** amplitude of term j in step k at `k * terms.length + j`. */
  readonly amplitudes: ArrayLike<number>;
}

/** The QPU's annealing curves A(s), B(s) on a grid of s (a solver's published schedule table). */
export interface AnnealingCurves {
  readonly s: readonly number[];
  readonly A: readonly number[];
  readonly B: readonly number[];
  /** Where the curves come from (shown in the report). */
  readonly source: string;
}

/** Options of {@link compileSchedule}. */
export interface CompileScheduleOptions {
  /** Microseconds the learned evolution takes on the QPU (default 20), excluding ramps. */
  readonly annealingTime?: number;
  /** A(s), B(s); default: the illustrative A = (1 - s)², B = s² (pass the solver's table for a real QPU). */
  readonly curves?: AnnealingCurves;
  /** Solver properties to check the result against (annealing_time_range, point limits, ranges). */
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** One thing the QPU cannot do as the learned schedule asks, with a size where one applies. */
export interface ScheduleLimitation {
  readonly what: string;
  readonly why: string;
  /** Relative size of what is lost (0: nothing), when it is measurable. */
  readonly relativeError?: number;
}

/** What {@link compileSchedule} produces: QPU parameters and the report. */
export interface CompiledSchedule {
  /** Reverse anneal: starts at s = 1 in `initialState` (the learned evolution starts in |0...0>). */
  readonly annealSchedule: Array<[number, number]>;
  readonly hGainSchedule: Array<[number, number]>;
  readonly initialState: number[];
  /** Fixed fields and couplings (scaled so max |h| and max |J| are at most 1). */
  readonly h: number[];
  readonly J: Array<[number, number, number]>;
  /** What carries over as asked. */
  readonly expressed: string[];
  /** What does not, and how much is lost. */
  readonly limitations: ScheduleLimitation[];
  /** Problems with the solver's limits (empty when the result is valid for `properties`). */
  readonly violations: string[];
}

const ILLUSTRATIVE: AnnealingCurves = {
  s: Array.from({ length: 101 }, (_, i) => i / 100),
  A: Array.from({ length: 101 }, (_, i) => (1 - i / 100) ** 2),
  B: Array.from({ length: 101 }, (_, i) => (i / 100) ** 2),
  source: 'illustrative A(s) = (1 - s)^2, B(s) = s^2 (pass the solver\'s published table)',
};

/** Best rank-1 fit M ≈ u vᵀ (rows: steps) by power iteration; returns u, v (|v|max = 1) and the relative residual. */
function rankOne(rows: number, cols: number, m: Float64Array): { u: Float64Array; v: Float64Array; residual: number } {
  const u = new Float64Array(rows);
  const v = new Float64Array(cols).fill(1);
  let norm = 0;
  for (const x of m) norm += x * x;
  if (norm === 0 || cols === 0) return { u, v: new Float64Array(cols), residual: 0 };
  for (let it = 0; it < 200; it++) {
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += m[r * cols + c]! * v[c]!;
      u[r] = s;
    }
    let uu = 0;
    for (const x of u) uu += x * x;
    if (uu === 0) break;
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += m[r * cols + c]! * u[r]!;
      v[c] = s / uu;
    }
    let vv = 0;
    for (const x of v) vv += x * x;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += m[r * cols + c]! * v[c]!;
      u[r] = vv === 0 ? 0 : s / vv;
    }
  }
  const vmax = Math.max(...Array.from(v, Math.abs));
  if (vmax > 0) {
    for (let c = 0; c < cols; c++) v[c]! /= vmax;
    for (let r = 0; r < rows; r++) u[r]! *= vmax;
  }
  let res = 0;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) res += (m[r * cols + c]! - u[r]! * v[c]!) ** 2;
  return { u, v, residual: Math.sqrt(res / norm) };
}

/** The s at which A(s)/B(s) equals `ratio` (the ratio falls with s), clipped to the table. */
function sForRatio(curves: AnnealingCurves, ratio: number): number {
  const r = curves.s.map((_, i) => (curves.B[i]! === 0 ? Number.POSITIVE_INFINITY : curves.A[i]! / curves.B[i]!));
  if (ratio >= r[0]!) return curves.s[0]!;
  for (let i = 1; i < r.length; i++) {
    if (ratio >= r[i]!) {
      const f = r[i - 1]! === Number.POSITIVE_INFINITY ? 1 : (r[i - 1]! - ratio) / (r[i - 1]! - r[i]!);
      return curves.s[i - 1]! + f * (curves.s[i]! - curves.s[i - 1]!);
    }
  }
  return curves.s[curves.s.length - 1]!;
}

/**
 * Compiles a network-programmed annealer's learned schedule into what a QPU can run: one global
 * anneal fraction s(t), fields h with a global gain g(t) (`h_gain_schedule`), and fixed couplings
 * J. Per step k the QPU realises `-A(s_k)/2 · ΣX + B(s_k)/2 · (g_k Σ h_i Z_i + Σ J_ij Z_i Z_j)`,
 * so the learned amplitudes are fitted as: X by their mean (the QPU's transverse field is
 * uniform), ZZ by a rank-1 product b_k · J_ij, Z by c_k · h_i with g_k = c_k / b_k, and s_k from
 * A(s_k)/B(s_k) = |x_k| / |b_k|. Everything lost on the way is measured and reported.
 */
export function compileSchedule(learned: LearnedSchedule, options: CompileScheduleOptions = {}): CompiledSchedule {
  const { numQubits: n, terms, steps } = learned;
  const m = terms.length;
  if (!Number.isInteger(steps) || steps < 1 || learned.amplitudes.length !== steps * m) {
    throw new ValidationError({ what: `the schedule has ${learned.amplitudes.length} amplitudes for ${steps} steps x ${m} terms`, why: 'amplitudes are step-major, one per term and step', fix: 'Pass the network output for one sample (steps x terms)' });
  }
  const total = options.annealingTime ?? 20;
  if (!(total > 0)) throw new ValidationError({ what: `annealingTime is ${describeValue(total)}`, why: 'the QPU time is a positive number of microseconds' });
  const curves = options.curves ?? ILLUSTRATIVE;
  const xs = terms.map((t, j) => [t, j] as const).filter(([t]) => t.kind === 'X');
  const zs = terms.map((t, j) => [t, j] as const).filter(([t]) => t.kind === 'Z');
  const zzs = terms.map((t, j) => [t, j] as const).filter(([t]) => t.kind === 'ZZ');
  const amp = (k: number, j: number): number => learned.amplitudes[k * m + j]!;
  const limitations: ScheduleLimitation[] = [];
  const expressed: string[] = [];

  // transverse field: uniform on the QPU
  const xMean = Array.from({ length: steps }, (_, k) => (xs.length === 0 ? 0 : xs.reduce((s, [, j]) => s + amp(k, j), 0) / xs.length));
  let xDev = 0;
  let xNorm = 0;
  for (let k = 0; k < steps; k++) for (const [, j] of xs) {
    xDev += (amp(k, j) - xMean[k]!) ** 2;
    xNorm += amp(k, j) ** 2;
  }
  const xRes = xNorm === 0 ? 0 : Math.sqrt(xDev / xNorm);
  if (xRes > 1e-9) limitations.push({ what: 'per-qubit transverse fields', why: 'a QPU applies one transverse field A(s) to every qubit; the mean over qubits is used', relativeError: xRes });
  const signs = new Set(xMean.filter((x) => x !== 0).map(Math.sign));
  if (signs.size > 1) limitations.push({ what: 'transverse field changing sign between steps', why: 'A(s) is never negative; |mean X| is used (a constant sign is a gauge, Π Z, that leaves Z-basis statistics unchanged)' });

  // couplings: b_k · J_ij
  const zzMat = new Float64Array(steps * zzs.length);
  for (let k = 0; k < steps; k++) zzs.forEach(([, j], c) => (zzMat[k * zzs.length + c] = amp(k, j)));
  const zz = rankOne(steps, zzs.length, zzMat);
  if (zz.residual > 1e-9) limitations.push({ what: 'couplings that change relative to each other over time', why: 'J is fixed during an anneal and scaled only by B(s); the best rank-1 fit b_k · J_ij is used', relativeError: zz.residual });
  // fields: c_k · h_i, and g_k = c_k / b_k
  const zMat = new Float64Array(steps * n);
  for (let k = 0; k < steps; k++) for (const [t, j] of zs) zMat[k * n + t.qubits[0]!] = amp(k, j);
  const zf = rankOne(steps, n, zMat);
  if (zf.residual > 1e-9) limitations.push({ what: 'fields that change relative to each other over time', why: 'h is fixed; only a global gain g(t) (h_gain_schedule) varies; the best rank-1 fit c_k · h_i is used', relativeError: zf.residual });
  const hasJ = zzs.length > 0 && zz.u.some((x) => x !== 0);
  // without couplings, B(s) is carried by the field term alone (gain 1)
  const b = hasJ ? Array.from(zz.u) : Array.from(zf.u);
  const gain = Array.from({ length: steps }, (_, k) => (!hasJ ? 1 : b[k] === 0 ? 0 : zf.u[k]! / b[k]!));
  if (hasJ && b.some((x, k) => x === 0 && zf.u[k] !== 0)) limitations.push({ what: 'fields in a step without couplings', why: 'B(s) scales h and J together; a step with fields but no couplings needs an unbounded gain' });
  const gRange = (options.properties?.h_gain_schedule_range as [number, number] | undefined) ?? [-4, 4];
  const clipped = gain.map((g) => Math.min(gRange[1], Math.max(gRange[0], g)));
  if (clipped.some((g, k) => g !== gain[k])) limitations.push({ what: 'h gains outside h_gain_schedule_range', why: `gains were clipped to [${gRange.join(', ')}]`, relativeError: Math.max(...gain.map((g, k) => Math.abs(g - clipped[k]!) / Math.max(1e-12, Math.abs(g)))) });
  if (b.some((x) => x < 0)) limitations.push({ what: 'an overall sign change of the couplings', why: 'B(s) is never negative; |b_k| is used' });

  // anneal fraction per step from A/B = |x_k| / |b_k|
  const sK = b.map((bk, k) => (bk === 0 ? 0 : sForRatio(curves, Math.abs(xMean[k]!) / Math.abs(bk))));
  limitations.push({ what: 'absolute energy and time scales', why: `the learned evolution is dimensionless; the QPU runs it in ${total} µs at energies A(s), B(s) of its own (${curves.source}), so only the ratio A/B per step, and the shape of h, J, are kept` });
  limitations.push({ what: 'the final quantum state', why: 'a QPU ends every anneal by ramping to s = 1 and measuring in the Z basis: it returns samples, not the state, so Hilbert-Schmidt distances between class states must be estimated from sample statistics (the diagonal only)' });
  expressed.push('initial state |0...0> as a reverse anneal from the classical state (all spins +1) at s = 1');
  expressed.push(`${steps} piecewise-constant steps as plateaus of s, joined by ramps at the solver's largest slope`);
  if (hasJ) expressed.push('the shape of the couplings (J, scaled to max |J| = 1)');
  if (zs.length > 0) expressed.push('the shape of the fields (h, scaled to max |h| = 1) with a time-dependent gain');

  // build the piecewise-linear schedule: ramp from s = 1 to s_0, plateaus, ramp back to s = 1
  const minTime = ((options.properties?.annealing_time_range as [number, number] | undefined) ?? [0.5, 2000])[0];
  const maxSlope = 1 / minTime;
  const stepTime = total / steps;
  const schedule: Array<[number, number]> = [[0, 1]];
  const gains: Array<[number, number]> = [];
  let t = 0;
  let s = 1;
  const round = (x: number): number => Math.round(x * 1e9) / 1e9;
  for (let k = 0; k < steps; k++) {
    const target = sK[k]!;
    if (target !== s) {
      t = round(t + Math.abs(target - s) / maxSlope);
      schedule.push([t, target]);
      gains.push([t, clipped[k]!]);
    } else if (k === 0) gains.push([0, clipped[k]!]);
    if (gains.length === 0 || gains[0]![0] !== 0) gains.unshift([0, clipped[0]!]);
    t = round(t + stepTime);
    schedule.push([t, target]);
    gains.push([t, clipped[k]!]);
    s = target;
  }
  if (s !== 1) {
    t = round(t + (1 - s) / maxSlope);
    schedule.push([t, 1]);
    gains.push([t, clipped[steps - 1]!]);
  }
  const dedupe = (pts: Array<[number, number]>): Array<[number, number]> => pts.filter((p, i) => i === 0 || p[0] > pts[i - 1]![0]);
  const annealSchedule = dedupe(schedule);
  const hGainSchedule = dedupe(gains);
  const hMax = Math.max(0, ...Array.from(zf.v, Math.abs));
  const h = Array.from({ length: n }, (_, i) => (hMax === 0 ? 0 : zf.v[i]! / hMax));
  const J = zzs.map(([term], c) => [term.qubits[0]!, term.qubits[1]!, zz.v[c]!] as [number, number, number]);
  const violations: string[] = [];
  if (options.properties) {
    for (const check of [() => checkAnnealSchedule(annealSchedule, options.properties!, { hasInitialState: true }), () => checkHGainSchedule(hGainSchedule, options.properties!, t)]) {
      try {
        check();
      } catch (err) {
        violations.push((err as Error).message);
      }
    }
  }
  return { annealSchedule, hGainSchedule, initialState: Array.from({ length: n }, () => 1), h, J, expressed, limitations, violations };
}
