import {
  type Circuit,
  type GradientMethod,
  type GradientProvider,
  type IsingModel,
  type Observable,
  type QuantumBackend,
  Rng,
  UnsupportedError,
  isGradientProvider,
  resolveGradientMethod,
} from '@hqml/core';
import { type QaoaAngles, anglesToParams, depthOf, interpolateAngles, paramsToAngles, rampAngles, randomAngles, tqaAngles } from './angles.js';
import { costObservable } from './costHamiltonian.js';
import { cvar } from './cvar.js';
import { anglesToFourier, fourierGradient, fourierToAngles } from './fourier.js';
import { minimizeLbfgs } from './lbfgs.js';
import type { MinimizeResult } from './minimizeResult.js';
import { minimizeNelderMead } from './nelderMead.js';
import { buildQaoaCircuit } from './qaoaCircuit.js';

/** How the angles start: a fixed schedule at depth p, or grown from p = 1 (INTERP, FOURIER). */
export type QaoaInit = 'interp' | 'fourier' | 'ramp' | 'tqa' | 'random';

/** All initialisations, for validation and help. */
export const QAOA_INITS: readonly QaoaInit[] = ['interp', 'fourier', 'ramp', 'tqa', 'random'];

/** The optimiser: L-BFGS on exact gradients, or Nelder-Mead without them; `auto` picks. */
export type QaoaOptimizer = 'auto' | 'lbfgs' | 'nelder-mead';

/** The quantity minimised: the mean energy, or the CVaR of the energy distribution. */
export type QaoaObjective = 'expectation' | 'cvar';

/** Options of {@link optimizeQaoa}. */
export interface OptimizeQaoaOptions {
  /** Final depth. */
  readonly p: number;
  /** Default `interp`. */
  readonly init?: QaoaInit;
  /** Starting angles (depth p; with `interp`/`fourier` any depth <= p, grown from there). */
  readonly angles?: QaoaAngles;
  /** Time step of `ramp` (default 0.7), `tqa` (0.75) and of the p = 1 start of `interp`/`fourier` (0.7). */
  readonly timeStep?: number;
  /** Seed of `random` angles. */
  readonly seed?: number;
  /** Default `expectation`. */
  readonly objective?: QaoaObjective;
  /** CVaR fraction in (0, 1] (default 0.25). */
  readonly cvarAlpha?: number;
  /** The exact energy of every basis state, required for `cvar` ({@link diagonalEnergies}). */
  readonly diagonal?: Float64Array;
  /** Default `auto`: L-BFGS when the backend gives gradients and the objective is the expectation. */
  readonly optimizer?: QaoaOptimizer;
  /**
   * Gradient method (default `best`: the backend's best, adjoint on `statevector`). `finite-diff`
   * is computed here, by central differences of the backend's expectation values (4p of them per
   * gradient, step 1e-5), for exact backends whose forward pass is much cheaper than their VJP.
   */
  readonly gradientMethod?: GradientMethod | 'best';
  /** Most L-BFGS iterations per depth (default 100). */
  readonly maxIterations?: number;
  /** Most objective evaluations per depth (default: 20 x maxIterations for L-BFGS, 200 x 2p for Nelder-Mead). */
  readonly maxEvaluations?: number;
  /** Warm-start angles theta (one per variable), see {@link buildQaoaCircuit}. */
  readonly warmStart?: ArrayLike<number>;
  /** Cost-layer scale (see {@link costScale}; default 1). */
  readonly costScale?: number;
}

/** One depth of an optimisation (INTERP and FOURIER have one per p, the others one). */
export interface QaoaStage {
  readonly p: number;
  readonly start: QaoaAngles;
  readonly angles: QaoaAngles;
  /** Objective at the optimised angles. */
  readonly objective: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  readonly reason: string;
  /** Best objective after each optimiser iteration, starting point first. */
  readonly history: readonly number[];
  readonly seconds: number;
}

/** The result of {@link optimizeQaoa}. */
export interface QaoaOptimization {
  readonly p: number;
  readonly angles: QaoaAngles;
  readonly objective: number;
  readonly objectiveKind: QaoaObjective;
  readonly optimizer: 'lbfgs' | 'nelder-mead';
  /** The backend's gradient method, when L-BFGS used one. */
  readonly gradientMethod?: GradientMethod;
  readonly stages: readonly QaoaStage[];
  /** The final circuit (parameters: gammas, then betas). */
  readonly circuit: Circuit;
  /** The cost observable the expectation is taken of. */
  readonly observable: Observable;
  readonly evaluations: number;
  /** Seconds inside backend calls (simulation), of `totalSeconds`. */
  readonly backendSeconds: number;
  readonly totalSeconds: number;
}

/**
 * Optimises the QAOA angles of `model` on `backend`. With `interp` or `fourier` it optimises at
 * p = 1, 2, ..., p in turn, each depth starting where the previous one ended (Zhou et al.); the
 * other initialisations optimise once at depth p. Every objective value is the backend's exact
 * expectation (or the CVaR of its exact probabilities); gradients are the backend's (adjoint on
 * `statevector`), so the optimisation is deterministic for a deterministic backend.
 */
export function optimizeQaoa(backend: QuantumBackend, model: IsingModel, options: OptimizeQaoaOptions): QaoaOptimization {
  const t0 = performance.now();
  const p = options.p;
  const init = options.init ?? 'interp';
  const objectiveKind = options.objective ?? 'expectation';
  const alpha = options.cvarAlpha ?? 0.25;
  const maxIterations = options.maxIterations ?? 100;
  const requested = options.optimizer ?? 'auto';
  const ownDifferences = options.gradientMethod === 'finite-diff' && !(isGradientProvider(backend) && backend.gradientMethods.includes('finite-diff'));
  const gradients = (ownDifferences || isGradientProvider(backend)) && objectiveKind === 'expectation';
  if (requested === 'lbfgs' && !gradients) {
    throw new UnsupportedError({
      what: `optimizer "lbfgs" cannot run ${objectiveKind === 'cvar' ? 'the CVaR objective' : `on backend "${backend.id}"`}`,
      why: objectiveKind === 'cvar' ? 'CVaR is piecewise in the probabilities and has no backend gradient' : 'the backend gives no gradients (it is not a GradientProvider)',
      fix: 'Use optimizer "nelder-mead" or "auto"',
    });
  }
  const optimizer = requested === 'auto' ? (gradients ? 'lbfgs' : 'nelder-mead') : requested;
  const gradientMethod = optimizer !== 'lbfgs' ? undefined : ownDifferences ? 'finite-diff' : resolveGradientMethod(backend, options.gradientMethod ?? 'best');
  if (objectiveKind === 'cvar' && !options.diagonal) {
    throw new UnsupportedError({ what: 'the CVaR objective needs the energy of every basis state', why: 'no diagonal was passed', fix: 'Pass diagonal: diagonalEnergies(model)' });
  }
  const obs = costObservable(model);
  let backendMs = 0;
  let evaluations = 0;
  const circuits = new Map<number, Circuit>();
  const circuitOf = (depth: number): Circuit => {
    let c = circuits.get(depth);
    if (!c) {
      c = buildQaoaCircuit(model, { p: depth, ...(options.costScale !== undefined && { costScale: options.costScale }), ...(options.warmStart !== undefined && { warmStart: options.warmStart }) });
      circuits.set(depth, c);
    }
    return c;
  };
  const value = (depth: number, x: Float64Array): number => {
    const circuit = circuitOf(depth);
    const s = performance.now();
    evaluations++;
    let v: number;
    if (objectiveKind === 'cvar') {
      const probs = backend.probabilities({ circuit, params: x });
      v = cvar(options.diagonal!, probs, alpha);
    } else v = backend.expectation({ circuit, params: x }, [obs])[0]!;
    backendMs += performance.now() - s;
    return v;
  };
  const valueAndGradient = (depth: number, x: Float64Array): { f: number; g: Float64Array } => {
    if (ownDifferences) {
      const f = value(depth, x);
      const g = new Float64Array(x.length);
      const h = 1e-5;
      for (let k = 0; k < x.length; k++) {
        const up = Float64Array.from(x);
        const down = Float64Array.from(x);
        up[k]! += h;
        down[k]! -= h;
        g[k] = (value(depth, up) - value(depth, down)) / (2 * h);
      }
      return { f, g };
    }
    const circuit = circuitOf(depth);
    const s = performance.now();
    evaluations++;
    const r = (backend as QuantumBackend & GradientProvider).vjp({ circuit, params: x }, [obs], [1], gradientMethod);
    backendMs += performance.now() - s;
    return { f: r.value[0]!, g: r.params };
  };

  const run = (depth: number, start: Float64Array, fourier: boolean): MinimizeResult => {
    const toParams = (z: Float64Array): Float64Array => (fourier ? anglesToParams(fourierToAngles({ u: Array.from(z.subarray(0, depth)), v: Array.from(z.subarray(depth)) }, depth)) : z);
    if (optimizer === 'lbfgs') {
      return minimizeLbfgs(
        (z) => {
          const r = valueAndGradient(depth, toParams(z));
          return { f: r.f, g: fourier ? fourierGradient(r.g, depth) : r.g };
        },
        start,
        { maxIterations, ...(options.maxEvaluations !== undefined && { maxEvaluations: options.maxEvaluations }) },
      );
    }
    return minimizeNelderMead((z) => value(depth, toParams(z)), start, { maxEvaluations: options.maxEvaluations ?? 400 * depth });
  };

  const stages: QaoaStage[] = [];
  const stage = (depth: number, startAngles: QaoaAngles, fourier: boolean): QaoaAngles => {
    const s = performance.now();
    const z0 = fourier ? (() => {
      const f = anglesToFourier(startAngles);
      return Float64Array.from([...f.u, ...f.v]);
    })() : anglesToParams(startAngles);
    const r = run(depth, z0, fourier);
    const angles = fourier ? fourierToAngles({ u: Array.from(r.x.subarray(0, depth)), v: Array.from(r.x.subarray(depth)) }, depth) : paramsToAngles(r.x);
    stages.push({ p: depth, start: startAngles, angles, objective: r.f, iterations: r.iterations, evaluations: r.evaluations, converged: r.converged, reason: r.reason, history: r.history, seconds: (performance.now() - s) / 1000 });
    return angles;
  };

  let angles: QaoaAngles;
  if (init === 'interp' || init === 'fourier') {
    let current = options.angles ?? rampAngles(1, options.timeStep ?? 0.7);
    let depth = depthOf(current, 'angles');
    if (depth > p) throw new UnsupportedError({ what: `the starting angles have depth ${depth} > p = ${p}`, why: `${init} grows the depth from the start to p`, fix: `Pass angles of depth <= ${p}` });
    const fourier = init === 'fourier';
    for (;;) {
      current = stage(depth, current, fourier);
      if (depth === p) break;
      current = fourier ? fourierToAngles(padFourier(anglesToFourier(current)), depth + 1) : interpolateAngles(current);
      depth++;
    }
    angles = current;
  } else {
    const start = options.angles ?? (init === 'ramp' ? rampAngles(p, options.timeStep ?? 0.7) : init === 'tqa' ? tqaAngles(p, options.timeStep ?? 0.75) : randomAngles(p, Rng.from(options.seed ?? 0)));
    if (depthOf(start, 'angles') !== p) throw new UnsupportedError({ what: `the starting angles have depth ${start.gammas.length}, not p = ${p}`, why: `init "${init}" optimises at depth p only`, fix: 'Pass angles of depth p, or use init "interp"' });
    angles = stage(p, start, false);
  }
  const last = stages[stages.length - 1]!;
  return {
    p,
    angles,
    objective: last.objective,
    objectiveKind,
    optimizer,
    ...(gradientMethod !== undefined && { gradientMethod }),
    stages,
    circuit: circuitOf(p),
    observable: obs,
    evaluations,
    backendSeconds: backendMs / 1000,
    totalSeconds: (performance.now() - t0) / 1000,
  };
}

function padFourier(f: { u: readonly number[]; v: readonly number[] }): { u: number[]; v: number[] } {
  return { u: [...f.u, 0], v: [...f.v, 0] };
}
