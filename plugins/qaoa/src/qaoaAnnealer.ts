import {
  type Annealer,
  type AnnealerOptions,
  IsingModel,
  type QuantumBackend,
  ResourceError,
  Rng,
  SampleSet,
  ValidationError,
  IsingAnnealer,
  describeValue,
} from '@hqml/core';
import { clampModel, makeBlocks } from './blocks.js';
import { MAX_DIAGONAL_VARIABLES, costScale, diagonalEnergies, spinsOfIndex } from './costHamiltonian.js';
import { type QaoaOptimization, type QaoaInit, optimizeQaoa } from './optimizeQaoa.js';
import { type QaoaDefaults, type QaoaSampleOptions, parseSampleOptions } from './qaoaOptions.js';
import { DEFAULT_WARM_START_EPSILON, warmStartThetas } from './warmStart.js';

/** Largest model for which `sample` reports the exact spectrum figures (ground energy, approximation ratio). */
export const SPECTRUM_INFO_MAX_VARIABLES = 20;

/** One QAOA run on a model that fits the backend: the optimisation and the shots. */
interface SingleRun {
  readonly optimization: QaoaOptimization;
  /** Shots as basis indices. */
  readonly shots: Uint32Array;
  readonly sampleSeconds: number;
  readonly thetas: Float64Array | undefined;
  readonly costScale: number;
}

/**
 * QAOA as an `Annealer` (dimod's sampler contract) on any `QuantumBackend`: it builds the QAOA
 * circuit of the Ising model (standard or warm-start mixer), optimises the angles on the backend
 * (exact adjoint gradients and L-BFGS where the backend has them, Nelder-Mead otherwise), and
 * returns `numReads` shots drawn from the optimised state with their energies. Qubit i measured
 * 1 is spin +1.
 *
 * Models larger than `blockSize` (or with explicit `blocks`) run in block mode: block-coordinate
 * descent, each block a QAOA run on the model with the other variables clamped (see the README).
 *
 * Design note: the backend comes from the DI container (the plugin resolves
 * `Tokens.QuantumBackend`), so the same annealer runs on the statevector simulator, a noisy or
 * mitigated backend, or hardware, by configuration.
 */
export class QaoaAnnealer extends IsingAnnealer<AnnealerOptions> implements Annealer {
  readonly id = 'anneal.qaoa';
  readonly properties: Readonly<Record<string, unknown>>;

  constructor(
    readonly backend: QuantumBackend,
    private readonly defaults: QaoaDefaults = {},
  ) {
    super();
    this.properties = Object.freeze({
      backend: backend.id,
      maxQubits: backend.capabilities.maxQubits,
      parameters: ['numReads', 'seed', 'p', 'init', 'angles', 'timeStep', 'objective', 'cvarAlpha', 'optimizer', 'gradientMethod', 'maxIterations', 'maxEvaluations', 'warmStart', 'warmStartEpsilon', 'normalize', 'blockSize', 'blocks', 'blockSweeps'],
    });
  }

  protected async sampleIsing(model: IsingModel, raw: AnnealerOptions): Promise<SampleSet> {
    const t0 = performance.now();
    if (!(model instanceof IsingModel)) {
      throw new ValidationError({ what: `anneal.qaoa.sample got ${describeValue(model)}`, why: 'annealers sample IsingModel instances', fix: 'Convert a QUBO with sampleQubo(annealer, qubo) or qubo.toIsing()' });
    }
    const n = model.numVariables;
    if (n === 0) throw new ValidationError({ what: 'anneal.qaoa.sample got an empty model (0 variables)', why: 'there is nothing to sample', fix: 'Pass a model with at least one variable' });
    const { options, ignored } = parseSampleOptions(this.defaults, raw);
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
    const numReads = options.numReads ?? 100;
    const warm = options.warmStart;
    if (warm !== undefined && warm.length !== n) {
      throw new ValidationError({ what: `warmStart has ${warm.length} values for ${n} variables`, why: 'the warm start gives every variable its probability of being 1', fix: `Pass ${n} probabilities` });
    }
    if (warm !== undefined) warmStartThetas(warm, options.warmStartEpsilon ?? DEFAULT_WARM_START_EPSILON);
    const maxQubits = this.backend.capabilities.maxQubits;
    const blockMode = options.blocks !== undefined || (options.blockSize !== undefined && n > options.blockSize);
    if (!blockMode && n > maxQubits) {
      throw new ResourceError({ what: `anneal.qaoa got ${n} variables`, why: `backend "${this.backend.id}" takes at most ${maxQubits} qubits, one per variable`, fix: `Pass blockSize (<= ${maxQubits}) to solve it in blocks, or use a classical annealer` });
    }
    if (options.angles && options.angles.gammas.length !== options.angles.betas.length) {
      throw new ValidationError({ what: `angles has ${options.angles.gammas.length} gammas and ${options.angles.betas.length} betas`, why: 'each layer has one gamma and one beta' });
    }
    const ignoredInfo = ignored.length > 0 ? { ignoredOptions: ignored } : {};
    const rng = Rng.from(seed);
    if (blockMode) return this.sampleBlocks(model, options, { seed, numReads, rng, t0, ignoredInfo });

    const diagonal = options.objective === 'cvar' || n <= SPECTRUM_INFO_MAX_VARIABLES ? diagonalEnergies(model) : undefined;
    const run = this.runSingle(model, options, numReads, rng, diagonal);
    const opt = run.optimization;
    const circuitExec = { circuit: opt.circuit, params: [...opt.angles.gammas, ...opt.angles.betas] };
    const s = performance.now();
    const expectation = opt.objectiveKind === 'expectation' ? opt.objective : this.backend.expectation(circuitExec, [opt.observable])[0]!;
    let spectrum = {};
    if (diagonal && n <= SPECTRUM_INFO_MAX_VARIABLES) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const e of diagonal) {
        lo = Math.min(lo, e);
        hi = Math.max(hi, e);
      }
      const probs = this.backend.probabilities(circuitExec);
      let pg = 0;
      const tol = 1e-9 * Math.max(1, Math.abs(lo));
      for (let k = 0; k < diagonal.length; k++) if (diagonal[k]! <= lo + tol) pg += probs[k]!;
      spectrum = { groundEnergy: lo, maxEnergy: hi, approximationRatio: hi > lo ? (hi - expectation) / (hi - lo) : 1, groundStateProbability: pg };
    }
    const reportSeconds = (performance.now() - s) / 1000;
    const samples = new Int8Array(numReads * n);
    for (let r = 0; r < numReads; r++) spinsOfIndex(run.shots[r]!, n, samples, r * n);
    const set = SampleSet.fromModel(model, samples).aggregate();
    return set.withInfo({
      solver: this.id,
      backend: this.backend.id,
      seed,
      numReads,
      p: opt.p,
      gammas: opt.angles.gammas,
      betas: opt.angles.betas,
      init: (options.init ?? 'interp') as QaoaInit,
      objective: opt.objectiveKind,
      ...(opt.objectiveKind === 'cvar' && { cvarAlpha: options.cvarAlpha ?? 0.25, cvar: opt.objective }),
      optimizer: opt.optimizer,
      ...(opt.gradientMethod !== undefined && { gradientMethod: opt.gradientMethod }),
      expectation,
      ...spectrum,
      costScale: run.costScale,
      ...(run.thetas && { warmStart: { epsilon: options.warmStartEpsilon ?? DEFAULT_WARM_START_EPSILON, thetas: Array.from(run.thetas) } }),
      evaluations: opt.evaluations,
      history: opt.stages.map((st) => ({ p: st.p, objective: st.objective, iterations: st.iterations, evaluations: st.evaluations, converged: st.converged, reason: st.reason, values: st.history })),
      ...ignoredInfo,
      timing: {
        wallSeconds: (performance.now() - t0) / 1000,
        optimizeSeconds: opt.totalSeconds,
        backendSeconds: opt.backendSeconds,
        optimizerSeconds: opt.totalSeconds - opt.backendSeconds,
        sampleSeconds: run.sampleSeconds,
        reportSeconds,
      },
    });
  }

  /** Optimises and samples one model that fits the backend. */
  private runSingle(model: IsingModel, options: QaoaSampleOptions, shots: number, rng: Rng, diagonal: Float64Array | undefined, warm: ArrayLike<number> | undefined = options.warmStart): SingleRun {
    const thetas = warm !== undefined ? warmStartThetas(warm, options.warmStartEpsilon ?? DEFAULT_WARM_START_EPSILON) : undefined;
    const scale = options.normalize === false ? 1 : costScale(model);
    const initSeed = rng.uint32();
    const shotSeed = rng.uint32();
    const optimization = optimizeQaoa(this.backend, model, {
      p: options.p ?? 1,
      ...(options.init !== undefined && { init: options.init as QaoaInit }),
      ...(options.angles !== undefined && { angles: options.angles }),
      ...(options.timeStep !== undefined && { timeStep: options.timeStep }),
      seed: initSeed,
      ...(options.objective !== undefined && { objective: options.objective }),
      ...(options.cvarAlpha !== undefined && { cvarAlpha: options.cvarAlpha }),
      ...(diagonal !== undefined && { diagonal }),
      ...(options.optimizer !== undefined && { optimizer: options.optimizer }),
      ...(options.gradientMethod !== undefined && { gradientMethod: options.gradientMethod }),
      ...(options.maxIterations !== undefined && { maxIterations: options.maxIterations }),
      ...(options.maxEvaluations !== undefined && { maxEvaluations: options.maxEvaluations }),
      ...(thetas !== undefined && { warmStart: thetas }),
      costScale: scale,
    });
    const s = performance.now();
    const out = this.backend.sample({ circuit: optimization.circuit, params: [...optimization.angles.gammas, ...optimization.angles.betas] }, shots, shotSeed);
    return { optimization, shots: out, sampleSeconds: (performance.now() - s) / 1000, thetas, costScale: scale };
  }

  /**
   * Block mode: block-coordinate descent. The state starts at the rounded warm start (c >= 1/2
   * is spin +1), or seeded random spins; each sweep visits the blocks in order, runs QAOA on the
   * block's model with every other variable clamped to the current state (warm-started from the
   * block's part of `warmStart`), and takes the block's lowest-energy shot when it lowers the
   * energy. Reads: read 0 is the final state; read r > 0 combines, block by block, the r-th
   * lowest shot of the last sweep (each block's list starts with its final assignment).
   */
  private sampleBlocks(model: IsingModel, options: QaoaSampleOptions, ctx: { seed: number; numReads: number; rng: Rng; t0: number; ignoredInfo: object }): SampleSet {
    const n = model.numVariables;
    const blocks = makeBlocks(n, options.blockSize, options.blocks);
    const maxQubits = this.backend.capabilities.maxQubits;
    const tooBig = blocks.findIndex((b) => b.length > maxQubits);
    if (tooBig >= 0) throw new ResourceError({ what: `block ${tooBig} has ${blocks[tooBig]!.length} variables`, why: `backend "${this.backend.id}" takes at most ${maxQubits} qubits`, fix: `Use blocks of at most ${maxQubits} variables` });
    if (options.objective === 'cvar' && blocks.some((b) => b.length > MAX_DIAGONAL_VARIABLES)) {
      throw new ResourceError({ what: 'the CVaR objective on blocks wider than 24 variables', why: 'CVaR needs the energy of every basis state of a block', fix: 'Use smaller blocks or the expectation objective' });
    }
    const warm = options.warmStart;
    const state = new Int8Array(n);
    for (let i = 0; i < n; i++) state[i] = warm !== undefined ? ((warm[i] as number) >= 0.5 ? 1 : -1) : ctx.rng.float() < 0.5 ? 1 : -1;
    const sweeps = options.blockSweeps ?? 2;
    let backendSeconds = 0;
    let optimizeSeconds = 0;
    let sampleSeconds = 0;
    let evaluations = 0;
    let accepted = 0;
    const lastShots: Int8Array[][] = blocks.map(() => []);
    for (let sweep = 0; sweep < sweeps; sweep++) {
      for (let b = 0; b < blocks.length; b++) {
        const block = blocks[b]!;
        const sub = clampModel(model, block, state);
        const diagonal = options.objective === 'cvar' ? diagonalEnergies(sub) : undefined;
        const subWarm = warm !== undefined ? block.map((v) => warm[v] as number) : undefined;
        const run = this.runSingle(sub, options, ctx.numReads, ctx.rng, diagonal, subWarm);
        backendSeconds += run.optimization.backendSeconds;
        optimizeSeconds += run.optimization.totalSeconds;
        sampleSeconds += run.sampleSeconds;
        evaluations += run.optimization.evaluations;
        const m = block.length;
        const rows = Array.from(run.shots, (idx) => spinsOfIndex(idx, m));
        const energies = rows.map((r) => sub.energy(r));
        const order = rows.map((_, k) => k).sort((a, c) => energies[a]! - energies[c]! || a - c);
        const current = Int8Array.from(block, (v) => state[v]!);
        const currentEnergy = sub.energy(current);
        const best = order[0]!;
        if (energies[best]! < currentEnergy - 1e-12) {
          accepted++;
          block.forEach((v, a) => {
            state[v] = rows[best]![a]!;
          });
        }
        if (sweep === sweeps - 1) lastShots[b] = [Int8Array.from(block, (v) => state[v]!), ...order.map((k) => rows[k]!)];
      }
    }
    const samples = new Int8Array(ctx.numReads * n);
    for (let r = 0; r < ctx.numReads; r++) {
      blocks.forEach((block, b) => {
        const row = lastShots[b]![r]!;
        block.forEach((v, a) => {
          samples[r * n + v] = row[a]!;
        });
      });
    }
    const set = SampleSet.fromModel(model, samples).aggregate();
    return set.withInfo({
      solver: this.id,
      backend: this.backend.id,
      seed: ctx.seed,
      numReads: ctx.numReads,
      p: options.p ?? 1,
      init: (options.init ?? 'interp') as QaoaInit,
      objective: options.objective ?? 'expectation',
      blocks: blocks.length,
      blockSweeps: sweeps,
      acceptedBlockMoves: accepted,
      evaluations,
      ...ctx.ignoredInfo,
      timing: { wallSeconds: (performance.now() - ctx.t0) / 1000, optimizeSeconds, backendSeconds, optimizerSeconds: optimizeSeconds - backendSeconds, sampleSeconds },
    });
  }
}
